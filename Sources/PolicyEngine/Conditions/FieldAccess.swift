import JSONCore
import PolicyModel

/// A compiled `field`: one of the fields Azure Policy computes, or a property path (from an
/// alias) read from the resource or from the element a `count` is looking at.
struct FieldAccess: Sendable {
    /// The fields Azure Policy computes rather than reads from a path.
    enum Special: Sendable, Hashable {
        case name, fullName, kind, type, location, id, identityType, tags
        case tag(String)
    }

    enum Source: Sendable {
        case special(Special)
        /// `root` -1 reads the resource's JSON; `root` k reads the element of the k-th enclosing count.
        /// `paths` usually has one entry; aliases whose path depends on the resource type have several,
        /// and the first that exists in the resource wins.
        case path(root: Int, paths: [[PathSegment]])
    }

    /// Which resource a field reads inside an existence condition.
    enum Target: Sendable {
        /// The resource the condition is being tested against (the related one in an existence condition).
        case subject
        /// The resource the policy's `if` evaluated (`[field('location')]` inside an existence condition).
        case evaluated
    }

    let source: Source
    /// The name as the rule wrote it (`Microsoft.Web/sites/httpsOnly`).
    let name: String
    /// The path it reads, for reasons (`properties.httpsOnly`); empty for computed fields.
    let pathText: String
    /// Whether the path selects several values (`[*]` after the count binding).
    let hasWildcard: Bool
    var target: Target = .subject
    /// Whether the alias itself has `[*]`, so that `field()` returns an array even where a count
    /// binds the `[*]` to its current member ("Author policies for array properties": inside
    /// `where`, the counted alias returns an array with a single member).
    var selectsCollection = false

    /// `field 'X' (path)` for reasons.
    var display: String {
        pathText.isEmpty || pathText.equalsIgnoringASCIICase(name) ? "field '\(name)'" : "field '\(name)' (\(pathText))"
    }

    var isType: Bool { if case .special(.type) = source { return true } else { return false } }
    var isName: Bool { if case .special(.name) = source { return true } else { return false } }
    var isKind: Bool { if case .special(.kind) = source { return true } else { return false } }
    var isLocation: Bool { if case .special(.location) = source { return true } else { return false } }
}
