import Foundation

/// An Azure resource or scope id, compared ignoring case as Azure does.
///
/// Understands every form a tenant uses: management groups
/// (`/providers/Microsoft.Management/managementGroups/mg`), subscriptions,
/// resource groups, resources, child resources (`…/servers/s1/databases/db1`)
/// and extension resources (`<resource>/providers/Microsoft.Insights/diagnosticSettings/d`).
public struct ResourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as written in the input.
    public let rawValue: String
    /// The lower-cased id without a trailing slash: the identity used for comparison.
    public let key: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
        var key = rawValue.lowercased()
        while key.count > 1, key.hasSuffix("/") { key.removeLast() }
        self.key = key
    }

    public static func == (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.key < rhs.key }
    public var description: String { rawValue }

    /// The path segments of the raw id, without empty ones.
    public var segments: [Substring] {
        rawValue.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// Whether this id is `scope` itself or lies below it (`/subscriptions/s/resourceGroups/rg`
    /// is under `/subscriptions/s`). Management-group ancestry needs the tenant's hierarchy
    /// and is answered by `Tenant`, not here.
    public func isAtOrUnder(_ scope: ResourceID) -> Bool {
        if scope.key == "/" { return true }
        return key == scope.key || (key.hasPrefix(scope.key) && key.utf8.dropFirst(scope.key.utf8.count).first == UInt8(ascii: "/"))
    }

    /// The subscription GUID, when the id is at or under a subscription.
    public var subscriptionId: String? {
        let s = LeadingSegments(key, rawValue)
        guard s.count >= 2, s.lower[0] == "subscriptions" else { return nil }
        return String(s.raw[1])
    }

    /// The resource group name, when the id is at or under a resource group.
    public var resourceGroup: String? {
        let s = LeadingSegments(key, rawValue)
        guard s.count >= 4, s.lower[0] == "subscriptions", s.lower[2] == "resourcegroups" else { return nil }
        return String(s.raw[3])
    }

    /// The management group name, when this is a management group id.
    public var managementGroup: String? {
        let s = LeadingSegments(key, rawValue)
        guard s.count == 4, s.lower[0] == "providers", s.lower[1] == "microsoft.management", s.lower[2] == "managementgroups"
        else { return nil }
        return String(s.raw[3])
    }

    /// What kind of scope this id names.
    public var scopeKind: ScopeKind {
        let s = LeadingSegments(key, rawValue)
        if s.count == 4, s.lower[0] == "providers", s.lower[1] == "microsoft.management", s.lower[2] == "managementgroups" {
            return .managementGroup
        }
        guard s.count >= 2, s.lower[0] == "subscriptions" else { return s.count == 0 ? .root : .other }
        if s.count == 2 { return .subscription }
        if s.count == 4, s.lower[2] == "resourcegroups" { return .resourceGroup }
        return .resource
    }

    /// The kinds of scope an id can name.
    public enum ScopeKind: Sendable, Hashable {
        case root, managementGroup, subscription, resourceGroup, resource, other
    }

    /// The fully qualified resource type the id names (`Microsoft.Sql/servers/databases`,
    /// `Microsoft.Resources/subscriptions/resourceGroups`), or nil for management groups
    /// and malformed ids.
    public var resourceType: String? {
        switch scopeKind {
        case .subscription: return "Microsoft.Resources/subscriptions"
        case .resourceGroup: return "Microsoft.Resources/subscriptions/resourceGroups"
        case .resource:
            guard let (namespace, types, _) = lastProviderSection() else { return nil }
            return ([namespace] + types).joined(separator: "/")
        default: return nil
        }
    }

    /// The id's last name segment (`db1` in `…/databases/db1`).
    public var name: String {
        segments.last.map(String.init) ?? ""
    }

    /// The id of the scope directly above: the parent resource of a child resource,
    /// the resource an extension resource extends, the resource group of a top-level
    /// resource, the subscription of a resource group; nil for a subscription or a
    /// management group (their parents come from the hierarchy).
    public var parent: ResourceID? {
        switch scopeKind {
        case .resourceGroup:
            return ResourceID(String(rawValue[..<lastSlash(in: rawValue, skippingSegments: 2)]))
        case .resource:
            // After the last `providers`: namespace, then type/name pairs. More than one pair: drop the
            // last pair (a child); otherwise drop `providers/namespace/type/name` (the scope extended).
            guard let providers = key.range(of: "/providers/", options: .backwards)?.lowerBound else { return nil }
            let tail = key[key.index(providers, offsetBy: "/providers/".count)...]
            let pairs = tail.split(separator: "/", omittingEmptySubsequences: true).count - 1
            let offset = key.utf8.distance(from: key.startIndex, to: providers)
            if pairs > 2 { return ResourceID(String(rawValue[..<lastSlash(in: rawValue, skippingSegments: 2)])) }
            return ResourceID(String(rawValue.utf8.prefix(offset))!)
        default: return nil
        }
    }

    /// The index of the slash before the last `count` segments (trailing slashes ignored).
    private func lastSlash(in text: String, skippingSegments count: Int) -> String.Index {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)] == "/" { end = text.index(before: end) }
        var remaining = count
        var i = end
        while i > text.startIndex {
            i = text.index(before: i)
            if text[i] == "/" {
                remaining -= 1
                if remaining == 0 { return i }
                while i > text.startIndex, text[text.index(before: i)] == "/" { i = text.index(before: i) }
            }
        }
        return text.startIndex
    }

    /// The namespace, the type segments and the name segments after the last `providers`.
    private func lastProviderSection() -> (String, [String], [String])? {
        let s = segments
        guard let p = s.lastIndex(where: { $0.lowercased() == "providers" }), p + 1 < s.count else { return nil }
        let rest = s[(p + 2)...]
        var types: [String] = []
        var names: [String] = []
        for (i, part) in rest.enumerated() {
            if i % 2 == 0 { types.append(String(part)) } else { names.append(String(part)) }
        }
        guard !types.isEmpty, types.count == names.count else { return nil }
        return (String(s[p + 1]), types, names)
    }
}

/// The first four segments of an id and how many there are, found without allocating an array:
/// what scope questions need, asked millions of times in a cycle.
private struct LeadingSegments {
    var lower = Four()
    var raw = Four()
    /// Segments in the whole id (not only the first four).
    var count = 0

    init(_ key: String, _ rawValue: String) {
        // `key` is `rawValue` lower-cased: for ids (ASCII) the byte offsets agree.
        guard key.utf8.count == rawValue.utf8.count else {
            // Non-ASCII ids whose lower-casing changed the byte length: split the slow way.
            let parts = rawValue.split(separator: "/")
            count = parts.count
            for (n, part) in parts.prefix(4).enumerated() { set(n, lower: Substring(part.lowercased()), raw: part) }
            return
        }
        let keyBytes = key.utf8
        var i = keyBytes.startIndex
        while i < keyBytes.endIndex {
            while i < keyBytes.endIndex, keyBytes[i] == UInt8(ascii: "/") { i = keyBytes.index(after: i) }
            guard i < keyBytes.endIndex else { break }
            var end = i
            while end < keyBytes.endIndex, keyBytes[end] != UInt8(ascii: "/") { end = keyBytes.index(after: end) }
            if count < 4 {
                let offset = keyBytes.distance(from: keyBytes.startIndex, to: i)
                let length = keyBytes.distance(from: i, to: end)
                let rawStart = rawValue.utf8.index(rawValue.utf8.startIndex, offsetBy: offset)
                let rawEnd = rawValue.utf8.index(rawStart, offsetBy: length)
                set(count, lower: key[i..<end], raw: rawValue[rawStart..<rawEnd])
            }
            count += 1
            i = end
        }
    }

    private mutating func set(_ n: Int, lower l: Substring, raw r: Substring) {
        lower[n] = l
        raw[n] = r
    }

    /// Four segments held inline.
    struct Four {
        private var a: Substring = "", b: Substring = "", c: Substring = "", d: Substring = ""

        subscript(n: Int) -> Substring {
            get { n == 0 ? a : n == 1 ? b : n == 2 ? c : d }
            set {
                switch n {
                case 0: a = newValue
                case 1: b = newValue
                case 2: c = newValue
                default: d = newValue
                }
            }
        }
    }
}
