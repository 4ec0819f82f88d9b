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
        while key.utf8.count > 1, key.utf8.last == UInt8(ascii: "/") { key.removeLast() }
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
        return key == scope.key
            || (key.hasPrefix(scope.key) && key.utf8.dropFirst(scope.key.utf8.count).first == UInt8(ascii: "/"))
    }

    /// The subscription GUID, when the id is at or under a subscription.
    public var subscriptionId: String? {
        let s = LeadingSegments(key, rawValue)
        guard s.count >= 2, s.lower(0, is: "subscriptions") else { return nil }
        return String(s.raw(1))
    }

    /// The resource group name, when the id is at or under a resource group.
    public var resourceGroup: String? {
        let s = LeadingSegments(key, rawValue)
        guard s.count >= 4, s.lower(0, is: "subscriptions"), s.lower(2, is: "resourcegroups") else { return nil }
        return String(s.raw(3))
    }

    /// The management group name, when this is a management group id.
    public var managementGroup: String? {
        let s = LeadingSegments(key, rawValue)
        guard s.count == 4, s.lower(0, is: "providers"), s.lower(1, is: "microsoft.management"),
            s.lower(2, is: "managementgroups")
        else { return nil }
        return String(s.raw(3))
    }

    /// What kind of scope this id names.
    public var scopeKind: ScopeKind {
        let s = LeadingSegments(key, rawValue)
        if s.count == 4, s.lower(0, is: "providers"), s.lower(1, is: "microsoft.management"),
            s.lower(2, is: "managementgroups")
        {
            return .managementGroup
        }
        guard s.count >= 2, s.lower(0, is: "subscriptions") else { return s.count == 0 ? .root : .other }
        if s.count == 2 { return .subscription }
        if s.count == 4, s.lower(2, is: "resourcegroups") { return .resourceGroup }
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
            // After the last `providers`: the namespace, then type and name segments in turn.
            let s = segments
            // Only nine ASCII bytes lower-case to `providers`: the count spares the others the lower-casing.
            guard let p = s.lastIndex(where: { $0.utf8.count == 9 && $0.lowercased() == "providers" }) else {
                return nil
            }
            let rest = s.count - p - 2
            guard rest > 0, rest % 2 == 0 else { return nil }
            var type = String(s[p + 1])
            for i in stride(from: p + 2, to: s.count, by: 2) {
                type.append("/")
                type.append(contentsOf: s[i])
            }
            return type
        default: return nil
        }
    }

    /// The id's last name segment (`db1` in `…/databases/db1`).
    public var name: String {
        var text = rawValue[...]
        while text.last == "/" { text.removeLast() }
        return String(text[(text.lastIndex(of: "/").map(text.index(after:)) ?? text.startIndex)...])
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
            guard let offset = lastProvidersOffset() else { return nil }
            if segmentCount(afterOffset: offset + Self.providersSection.count) > 3 {
                return ResourceID(String(rawValue[..<lastSlash(in: rawValue, skippingSegments: 2)]))
            }
            return ResourceID(String(decoding: rawValue.utf8.prefix(offset), as: UTF8.self))
        default: return nil
        }
    }

    /// `/providers/` in UTF-8.
    private static let providersSection = Array("/providers/".utf8)

    /// The byte offset of the last `/providers/` in the raw id, ignoring ASCII case, found on
    /// bytes (a parent is asked for millions of times a cycle). Searched in the raw id, not the
    /// key: lower-casing may change the length of a non-ASCII name before it.
    private func lastProvidersOffset() -> Int? {
        var raw = rawValue
        return raw.withUTF8 { bytes -> Int? in
            let pattern = Self.providersSection
            var start = bytes.count - pattern.count
            while start >= 0 {
                var i = 0
                while i < pattern.count, bytes[start + i] | (bytes[start + i] &- 0x41 < 26 ? 0x20 : 0) == pattern[i] {
                    i += 1
                }
                if i == pattern.count { return start }
                start -= 1
            }
            return nil
        }
    }

    /// The number of non-empty segments of the raw id from a byte offset on.
    private func segmentCount(afterOffset offset: Int) -> Int {
        var count = 0
        var inSegment = false
        for byte in rawValue.utf8.dropFirst(offset) {
            if byte == UInt8(ascii: "/") {
                inSegment = false
            } else if !inSegment {
                inSegment = true
                count += 1
            }
        }
        return count
    }

    /// The index of the slash before the last `count` segments (trailing slashes ignored).
    private func lastSlash(in text: String, skippingSegments count: Int) -> String.Index {
        let bytes = text.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") {
            end = bytes.index(before: end)
        }
        var remaining = count
        var i = end
        while i > bytes.startIndex {
            i = bytes.index(before: i)
            if bytes[i] == UInt8(ascii: "/") {
                remaining -= 1
                if remaining == 0 { return i }
                while i > bytes.startIndex, bytes[bytes.index(before: i)] == UInt8(ascii: "/") {
                    i = bytes.index(before: i)
                }
            }
        }
        return text.startIndex
    }
}

/// The first four segments of an id and how many there are, found on bytes without allocating:
/// what scope questions need, asked millions of times in a cycle.
private struct LeadingSegments {
    private let key: String
    private let rawValue: String
    /// Byte ranges of the first four segments, in `key` and `rawValue` alike (ids are ASCII).
    private var ranges: (Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0)
    /// The first four segments, lower-cased and raw, for ids whose lower-casing changed their byte length.
    private var split: [(lower: String, raw: Substring)]?
    /// Segments in the whole id (not only the first four).
    private(set) var count = 0

    init(_ key: String, _ rawValue: String) {
        self.key = key
        self.rawValue = rawValue
        // `key` is `rawValue` lower-cased: for ids (ASCII) the byte offsets agree.
        guard key.utf8.count == rawValue.utf8.count else {
            // Non-ASCII ids whose lower-casing changed the byte length: split the slow way.
            let parts = rawValue.split(separator: "/")
            count = parts.count
            split = parts.prefix(4).map { (String($0.lowercased()), $0) }
            return
        }
        var key = key
        var count = 0
        var ranges = ranges
        key.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                while i < bytes.count, bytes[i] == UInt8(ascii: "/") { i += 1 }
                guard i < bytes.count else { break }
                var end = i
                while end < bytes.count, bytes[end] != UInt8(ascii: "/") { end += 1 }
                switch count {
                case 0: ranges.0 = i..<end
                case 1: ranges.1 = i..<end
                case 2: ranges.2 = i..<end
                case 3: ranges.3 = i..<end
                default: break
                }
                count += 1
                i = end
            }
        }
        self.count = count
        self.ranges = ranges
    }

    private func range(_ n: Int) -> Range<Int> {
        n == 0 ? ranges.0 : n == 1 ? ranges.1 : n == 2 ? ranges.2 : ranges.3
    }

    /// Whether segment `n` (below four), lower-cased, is `text`.
    func lower(_ n: Int, is text: StaticString) -> Bool {
        if let split { return split[n].lower == text.description }
        let r = range(n)
        guard r.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { expected in
            key.utf8.withContiguousStorageIfAvailable { bytes in
                bytes[r].elementsEqual(expected)
            } ?? key.utf8.dropFirst(r.lowerBound).prefix(r.count).elementsEqual(expected)
        }
    }

    /// Segment `n` (below four) as written.
    func raw(_ n: Int) -> Substring {
        if let split { return split[n].raw }
        let r = range(n)
        let utf8 = rawValue.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: r.lowerBound)
        return rawValue[start..<utf8.index(start, offsetBy: r.count)]
    }
}
