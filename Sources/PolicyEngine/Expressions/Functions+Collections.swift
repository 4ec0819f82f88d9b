import JSONCore

extension Functions {
    static func collections(_ f: BuiltinFunction, _ a: [JSONValue]) throws(EvaluationError) -> JSONValue {
        switch f {
        case .empty:
            switch a[0] {
            case .null: return .bool(true)
            case .string(let s): return .bool(s.isEmpty)
            case .array(let x): return .bool(x.isEmpty)
            case .object(let o): return .bool(o.isEmpty)
            default: throw EvaluationError("empty() needs a string, array or object, got \(a[0].typeName) \(brief(a[0]))")
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
            case .string(let s): return .number(Double(s.count))
            case .array(let x): return .number(Double(x.count))
            case .object(let o): return .number(Double(o.count))
            default: throw EvaluationError("length() needs a string, array or object, got \(a[0].typeName) \(brief(a[0]))")
            }
        case .contains:
            switch a[0] {
            case .string(let s):
                return .bool(s.contains(text(a[1])))
            case .array(let x):
                return .bool(x.contains { strictEquals($0, a[1]) })
            case .object(let o):
                return .bool(o[try string(a[1], f, 1)] != nil)
            default:
                throw EvaluationError("contains() needs a string, array or object, got \(a[0].typeName) \(brief(a[0]))")
            }
        case .union:
            return try union(a)
        case .intersection:
            return try intersection(a)
        case .createarray:
            return try checkLength(a)
        case .createobject:
            guard a.count % 2 == 0 else { throw EvaluationError("createObject() needs key/value pairs") }
            var object = JSONObject()
            var i = 0
            while i < a.count {
                object[try string(a[i], f, i)] = a[i + 1]
                i += 2
            }
            return .object(object)
        case .array:
            if case .array = a[0] { return a[0] }
            return .array([a[0]])
        case .take, .skip:
            let n = max(0, try integer(a[1], f, 1))
            switch a[0] {
            case .array(let x): return .array(Array(f == .take ? x.prefix(n) : x.dropFirst(n)))
            case .string(let s): return .string(String(f == .take ? s.prefix(n) : s.dropFirst(n)))
            default: throw EvaluationError("\(f.rawValue)() needs an array or a string")
            }
        case .range:
            let start = try integer(a[0], f, 0)
            let count = try integer(a[1], f, 1)
            guard count >= 0, count <= EngineLimits.maxArrayLength else {
                throw EvaluationError("range(): count \(count) must be between 0 and \(EngineLimits.maxArrayLength)")
            }
            return .array((0..<count).map { .number(Double(start + $0)) })
        case .tryget:
            var current = a[0]
            for key in a.dropFirst() {
                switch (current, key) {
                case (.object(let o), .string(let k)): current = o[k] ?? .null
                case (.array(let x), .number(let n)): current = x.indices.contains(Int(n)) ? x[Int(n)] : .null
                default: return .null
                }
            }
            return current
        case .json:
            return try parseJSON(try string(a[0], f, 0))
        case .coalesce:
            return a.first { !$0.isNull } ?? .null
        case .items:
            guard case .object(let o) = a[0] else { throw EvaluationError("items() needs an object") }
            return .array(o.members.map { .object(JSONObject([.init(key: "key", value: .string($0.key)), .init(key: "value", value: $0.value)])) })
        default:
            throw EvaluationError("\(f.rawValue)() is not a collection function")
        }
    }

    private static func union(_ a: [JSONValue]) throws(EvaluationError) -> JSONValue {
        if a.allSatisfy({ $0.objectValue != nil }) {
            var merged = JSONObject()
            for v in a { for m in v.objectValue! { merged[m.key] = m.value } }
            return .object(merged)
        }
        guard a.allSatisfy({ $0.arrayValue != nil }) else {
            throw EvaluationError("union() needs all arrays or all objects")
        }
        var out: [JSONValue] = []
        for v in a { for e in v.arrayValue! where !out.contains(where: { strictEquals($0, e) }) { out.append(e) } }
        return try checkLength(out)
    }

    private static func intersection(_ a: [JSONValue]) throws(EvaluationError) -> JSONValue {
        guard let first = a.first else { return .array([]) }
        if a.allSatisfy({ $0.objectValue != nil }) {
            var out = JSONObject()
            for m in first.objectValue! {
                let inAll = a.dropFirst().allSatisfy { other in
                    other.objectValue![m.key].map { strictEquals($0, m.value) } ?? false
                }
                if inAll { out[m.key] = m.value }
            }
            return .object(out)
        }
        guard a.allSatisfy({ $0.arrayValue != nil }) else {
            throw EvaluationError("intersection() needs all arrays or all objects")
        }
        var out: [JSONValue] = []
        for e in first.arrayValue! where !out.contains(where: { strictEquals($0, e) }) {
            if a.dropFirst().allSatisfy({ $0.arrayValue!.contains { strictEquals($0, e) } }) { out.append(e) }
        }
        return .array(out)
    }
}
