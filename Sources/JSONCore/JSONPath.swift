/// A location inside a JSON document, printed the way users read it:
/// `$.properties.policyRule.if.allOf[2].field`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down into a document.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// The document root, `$`.
    public static let root = JSONPath()

    /// This path extended by an object key.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components + [.key(key)])
    }

    /// This path extended by an array index.
    public func appending(_ index: Int) -> JSONPath {
        JSONPath(components + [.index(index)])
    }

    public static func + (lhs: JSONPath, rhs: String) -> JSONPath { lhs.appending(rhs) }
    public static func + (lhs: JSONPath, rhs: Int) -> JSONPath { lhs.appending(rhs) }

    public var description: String {
        var out = "$"
        for component in components {
            switch component {
            case .index(let i):
                out += "[\(i)]"
            case .key(let k):
                if !k.isEmpty, k.utf8.allSatisfy(Self.isPlainKeyByte) {
                    out += "." + k
                } else {
                    out +=
                        "['" + k.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "\\'") + "']"
                }
            }
        }
        return out
    }

    private static func isPlainKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x24
    }
}

extension JSONPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

extension JSONPath {
    /// This path extended by several components.
    public func appending(_ more: [Component]) -> JSONPath {
        JSONPath(components + more)
    }
}
