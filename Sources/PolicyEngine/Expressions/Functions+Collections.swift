import JSONCore

extension Functions {
    static func collections(_ f: BuiltinFunction, _ a: [JSONValue], work: inout WorkBudget) throws(EvaluationError)
        -> JSONValue
    {
        switch f {
        case .empty:
            switch a[0] {
            case .null: return .bool(true)
            case .string(let s): return .bool(s.isEmpty)
            case .array(let x): return .bool(x.isEmpty)
            case .object(let o): return .bool(o.isEmpty)
            default:
                throw EvaluationError("empty() needs a string, array or object, got \(a[0].typeName) \(brief(a[0]))")
            }
        case .first, .last:
            switch a[0] {
            case .string(let s):
                guard let c = f == .first ? s.first : s.last else { return .string("") }
                return .string(String(c))
            case .array(let x):
                return (f == .first ? x.first : x.last) ?? .null
            default:
                throw EvaluationError("\(f.rawValue)() needs a string or an array, got \(a[0].typeName) \(brief(a[0]))")
            }
        case .length:
            switch a[0] {
            case .string(let s):
                try work.charge(s.utf8.count)
                return .number(Double(s.count))
            case .array(let x): return .number(Double(x.count))
            case .object(let o): return .number(Double(o.count))
            default:
                throw EvaluationError("length() needs a string, array or object, got \(a[0].typeName) \(brief(a[0]))")
            }
        case .contains:
            switch a[0] {
            case .string(let s):
                let needle = text(a[1])
                try work.charge(2 * (s.utf8.count + needle.utf8.count))
                return .bool(TextSearch(Array(needle.utf8)).firstIndex(in: Array(s.utf8)) != nil)
            case .array(let x):
                try work.charge(x.count)
                return .bool(x.contains { strictEquals($0, a[1]) })
            case .object(let o):
                return .bool(o[try string(a[1], f, 1)] != nil)
            default:
                throw EvaluationError("contains() needs a string, array or object, got \(a[0].typeName) \(brief(a[0]))")
            }
        case .union:
            return try union(a, work: &work)
        case .intersection:
            return try intersection(a, work: &work)
        case .createarray:
            try checkCount(a.count, f)
            try work.charge(a.count)
            return .array(a)
        case .createobject:
            guard a.count % 2 == 0 else { throw EvaluationError("createObject() needs key/value pairs") }
            try work.charge(a.count)
            var members: [JSONObject.Member] = []
            var positions: [String: Int] = [:]
            var i = 0
            while i < a.count {
                let key = try string(a[i], f, i)
                if let existing = positions[key.lowercased()] {
                    members[existing].value = a[i + 1]
                } else {
                    positions[key.lowercased()] = members.count
                    members.append(JSONObject.Member(key: key, value: a[i + 1]))
                }
                i += 2
            }
            return .object(JSONObject(members))
        case .array:
            if case .array = a[0] { return a[0] }
            return .array([a[0]])
        case .take, .skip:
            let n = max(0, try integer(a[1], f, 1))
            switch a[0] {
            case .array(let x): try work.charge(min(n, x.count))
            case .string(let s): try work.charge(s.utf8.count)
            default: break
            }
            switch a[0] {
            case .array(let x): return .array(Array(f == .take ? x.prefix(n) : x.dropFirst(n)))
            case .string(let s): return .string(String(f == .take ? s.prefix(n) : s.dropFirst(n)))
            default: throw EvaluationError("\(f.rawValue)() needs an array or a string")
            }
        case .range:
            // "Array functions for ARM templates", range: count is a non-negative integer up to 10000,
            // and startIndex + count is no greater than 2147483647.
            let start = try integer(a[0], f, 0)
            let count = try integer(a[1], f, 1)
            guard (0...Self.maxRangeCount).contains(count) else {
                throw EvaluationError("range(): count \(count) must be between 0 and \(Self.maxRangeCount)")
            }
            guard start <= Self.maxRangeEnd - count else {
                throw EvaluationError(
                    "range(): startIndex \(start) plus count \(count) is greater than \(Self.maxRangeEnd)")
            }
            try work.charge(count)
            return .array((0..<count).map { .number(Double(start + $0)) })
        case .tryget:
            var current = a[0]
            for key in a.dropFirst() {
                switch (current, key) {
                case (.object(let o), .string(let k)): current = o[k] ?? .null
                case (.array(let x), .number(let n)): current = position(n, count: x.count).map { x[$0] } ?? .null
                default: return .null
                }
            }
            return current
        case .json:
            let text = try string(a[0], f, 0)
            try work.charge(text.utf8.count)
            return try parseJSON(text)
        case .coalesce:
            return a.first { !$0.isNull } ?? .null
        case .items:
            guard case .object(let o) = a[0] else { throw EvaluationError("items() needs an object") }
            try work.charge(o.count)
            return .array(
                o.members.map {
                    .object(
                        JSONObject([.init(key: "key", value: .string($0.key)), .init(key: "value", value: $0.value)]))
                })
        default:
            throw EvaluationError("\(f.rawValue)() is not a collection function")
        }
    }

    /// "Array functions" / "Object functions for ARM templates", range: the documented bounds.
    static let maxRangeCount = 10_000
    static let maxRangeEnd = 2_147_483_647

    private static func union(_ a: [JSONValue], work: inout WorkBudget) throws(EvaluationError) -> JSONValue {
        if a.allSatisfy({ $0.objectValue != nil }) {
            var merged = JSONObject()
            for v in a { merged = try merge(merged, v.objectValue!, work: &work) }
            return .object(merged)
        }
        guard a.allSatisfy({ $0.arrayValue != nil }) else {
            throw EvaluationError("union() needs all arrays or all objects")
        }
        let total = a.reduce(0) { $0 + $1.arrayValue!.count }
        try work.charge(total)
        var seen = StrictSet()
        var out: [JSONValue] = []
        for v in a {
            for e in v.arrayValue! where seen.insert(e) {
                out.append(e)
                try checkCount(out.count, .union)
            }
        }
        return .array(out)
    }

    /// `union()` of two objects ("Object functions for ARM templates", union): later members replace
    /// earlier ones of the same name (ignoring case), and nested objects merge recursively; arrays do not.
    private static func merge(_ base: JSONObject, _ other: JSONObject, work: inout WorkBudget) throws(EvaluationError)
        -> JSONObject
    {
        try work.charge(base.count + other.count)
        var merged = base.members
        var positions: [String: Int] = [:]
        for (i, m) in merged.enumerated() where positions[m.key.lowercased()] == nil {
            positions[m.key.lowercased()] = i
        }
        for m in other {
            guard let i = positions[m.key.lowercased()] else {
                positions[m.key.lowercased()] = merged.count
                merged.append(m)
                continue
            }
            if case .object(let old) = merged[i].value, case .object(let new) = m.value {
                merged[i].value = .object(try merge(old, new, work: &work))
            } else {
                merged[i].value = m.value
            }
        }
        return JSONObject(merged)
    }

    private static func intersection(_ a: [JSONValue], work: inout WorkBudget) throws(EvaluationError) -> JSONValue {
        guard let first = a.first else { return .array([]) }
        if a.allSatisfy({ $0.objectValue != nil }) {
            try work.charge(a.reduce(0) { $0 + $1.objectValue!.count })
            let others = a.dropFirst().map { KeyIndex($0.objectValue!) }
            var out: [JSONObject.Member] = []
            for m in first.objectValue! {
                let inAll = others.allSatisfy { other in other.value(m.key).map { strictEquals($0, m.value) } ?? false }
                if inAll { out.append(m) }
            }
            return .object(JSONObject(out))
        }
        guard a.allSatisfy({ $0.arrayValue != nil }) else {
            throw EvaluationError("intersection() needs all arrays or all objects")
        }
        try work.charge(a.reduce(0) { $0 + $1.arrayValue!.count })
        let others = a.dropFirst().map { other in
            var set = StrictSet()
            for e in other.arrayValue! { _ = set.insert(e) }
            return set
        }
        var seen = StrictSet()
        var out: [JSONValue] = []
        for e in first.arrayValue! where others.allSatisfy({ $0.contains(e) }) && seen.insert(e) {
            out.append(e)
        }
        return .array(out)
    }
}

/// A set of values under ARM's strict equality (objects compared by key, ignoring member order),
/// with expected constant-time lookups, so `union()` and `intersection()` run in linear time.
struct StrictSet {
    private var buckets: [Int: [JSONValue]] = [:]

    /// Adds `value`; true when it was not there yet.
    mutating func insert(_ value: JSONValue) -> Bool {
        let key = Self.hash(value)
        if buckets[key]?.contains(where: { Functions.strictEquals($0, value) }) == true { return false }
        buckets[key, default: []].append(value)
        return true
    }

    func contains(_ value: JSONValue) -> Bool {
        buckets[Self.hash(value)]?.contains { Functions.strictEquals($0, value) } ?? false
    }

    /// A hash consistent with ``Functions/strictEquals(_:_:)``: member order does not count.
    static func hash(_ value: JSONValue) -> Int {
        var hasher = Hasher()
        switch value {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n)
        case .string(let s): hasher.combine(s)
        case .array(let elements):
            hasher.combine(elements.count)
            for e in elements { hasher.combine(hash(e)) }
        case .object(let object):
            var members = 0
            for m in object {
                var h = Hasher()
                h.combine(m.key)
                h.combine(hash(m.value))
                members ^= h.finalize()
            }
            hasher.combine(members)
        }
        return hasher.finalize()
    }
}
