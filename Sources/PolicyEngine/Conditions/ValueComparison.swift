import JSONCore

/// How Azure Policy compares values: strings ignoring case (invariant culture), numeric strings
/// as numbers, `"true"`/`"false"` as Booleans, arrays and objects member by member.
enum ValueComparison {
    /// Condition equality (`equals`, `in`): loose, case-insensitive.
    static func equals(_ lhs: JSONValue, _ rhs: PreparedValue) -> Bool {
        switch (lhs, rhs.value) {
        case (.string(let s), .string):
            return s.equalsIgnoringASCIICase(rhs.lowered!)
        case (.number(let n), .number(let m)):
            return n == m
        case (.number(let n), .string):
            return rhs.number == n
        case (.string(let s), .number(let m)):
            return numericValue(of: s) == m
        case (.bool(let b), .bool(let c)):
            return b == c
        case (.bool(let b), .string):
            return rhs.lowered == (b ? "true" : "false")
        case (.string(let s), .bool(let c)):
            return s.equalsIgnoringASCIICase(c ? "true" : "false")
        case (.null, .null):
            return true
        case (.array, .array), (.object, .object):
            return deepEquals(lhs, rhs.value)
        default:
            return false
        }
    }

    /// Loose equality between two plain values.
    static func deepEquals(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            for i in a.indices where !deepEquals(a[i], b[i]) { return false }
            return true
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for member in a {
                guard let other = b[member.key], deepEquals(member.value, other) else { return false }
            }
            return true
        case (.array, _), (.object, _), (_, .array), (_, .object):
            return false
        default:
            guard let prepared = try? PreparedValue(rhs, for: .equals) else { return false }
            return equals(lhs, prepared)
        }
    }

    /// Orders two values for less/greater: numbers (numeric strings count as numbers), otherwise
    /// strings ignoring case; nil when the types cannot be ordered (an error for the caller).
    static func order(_ lhs: JSONValue, _ rhs: PreparedValue) -> Int? {
        switch (lhs, rhs.value) {
        case (.number(let n), _):
            guard let m = rhs.number else { return nil }
            return n < m ? -1 : (n > m ? 1 : 0)
        case (.string(let s), .number(let m)):
            guard let n = numericValue(of: s) else { return nil }
            return n < m ? -1 : (n > m ? 1 : 0)
        case (.string(let s), .string):
            let a = s.lowercased()
            let b = rhs.lowered!
            return a < b ? -1 : (a > b ? 1 : 0)
        default:
            return nil
        }
    }

    /// The number a numeric string stands for (`"443"` → 443), nil otherwise.
    static func numericValue(of s: String) -> Double? {
        guard let first = s.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else {
            return nil
        }
        return Double(s)
    }

    /// The text a scalar stands for in string operators (`like`, `contains`, `match`).
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number: return value.description
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Whether `haystack` contains `needle`, ignoring case.
    static func containsIgnoringCase(_ haystack: String, _ needleLowered: String) -> Bool {
        if needleLowered.isEmpty { return true }
        var hay = Array(haystack.utf8)
        if hay.contains(where: { $0 >= 0x80 }) {
            hay = Array(haystack.lowercased().utf8)
        } else {
            for i in hay.indices where hay[i] >= 0x41 && hay[i] <= 0x5A { hay[i] |= 0x20 }
        }
        return TextSearch(Array(needleLowered.utf8)).firstIndex(in: hay) != nil
    }
}
