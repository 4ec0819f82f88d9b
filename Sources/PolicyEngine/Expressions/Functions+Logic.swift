import JSONCore

extension Functions {
    static func logic(_ f: BuiltinFunction, _ a: [JSONValue]) throws(EvaluationError) -> JSONValue {
        switch f {
        case .if:
            return try boolean(a[0], f, 0) ? a[1] : a[2]
        case .equals:
            return .bool(strictEquals(a[0], a[1]))
        case .not:
            return .bool(!(try boolean(a[0], f, 0)))
        case .and, .or:
            guard a.count >= 1 else { throw EvaluationError("\(f.rawValue)() needs at least one argument") }
            var result = f == .and
            for (i, v) in a.enumerated() {
                let b = try boolean(v, f, i)
                result = f == .and ? (result && b) : (result || b)
            }
            return .bool(result)
        case .bool:
            switch a[0] {
            case .bool: return a[0]
            case .number(let n): return .bool(n != 0)
            case .string(let s) where s.equalsIgnoringASCIICase("true"): return .bool(true)
            case .string(let s) where s.equalsIgnoringASCIICase("false"): return .bool(false)
            default: throw EvaluationError("bool() cannot convert \(a[0].typeName) \(brief(a[0])) to a Boolean")
            }
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .null: return .null
        case .greater, .greaterorequals, .less, .lessorequals:
            let order: Int
            switch (a[0], a[1]) {
            case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            case (.string(let x), .string(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            default:
                throw EvaluationError("\(f.rawValue)() compares two numbers or two strings, got \(a[0].typeName) and \(a[1].typeName)")
            }
            switch f {
            case .greater: return .bool(order > 0)
            case .greaterorequals: return .bool(order >= 0)
            case .less: return .bool(order < 0)
            default: return .bool(order <= 0)
            }
        case .int:
            switch a[0] {
            case .number(let n) where n.isFinite: return .number(n.rounded(.towardZero))
            case .string(let s):
                guard let n = Int(s.trimmingCharacters(in: " ")) else {
                    throw EvaluationError("int() cannot convert '\(s)' to an integer")
                }
                return .number(Double(n))
            default: throw EvaluationError("int() cannot convert \(a[0].typeName) \(brief(a[0])) to an integer")
            }
        case .float:
            switch a[0] {
            case .number: return a[0]
            case .string(let s):
                guard let n = Double(s) else { throw EvaluationError("float() cannot convert '\(s)' to a number") }
                return .number(n)
            default: throw EvaluationError("float() cannot convert \(a[0].typeName) to a number")
            }
        case .add, .sub, .mul, .div, .mod:
            let x = try integer(a[0], f, 0)
            let y = try integer(a[1], f, 1)
            switch f {
            case .add: return .number(Double(x &+ y))
            case .sub: return .number(Double(x &- y))
            case .mul: return .number(Double(x.multipliedReportingOverflow(by: y).partialValue))
            default:
                guard y != 0 else { throw EvaluationError("\(f.rawValue)(): division by zero") }
                return .number(Double(f == .div ? x / y : x % y))
            }
        case .min, .max:
            let values = a.count == 1 ? (a[0].arrayValue ?? a) : a
            var best: Int?
            for (i, v) in values.enumerated() {
                let n = try integer(v, f, i)
                best = best.map { f == .min ? Swift.min($0, n) : Swift.max($0, n) } ?? n
            }
            guard let best else { throw EvaluationError("\(f.rawValue)() needs at least one number") }
            return .number(Double(best))
        default:
            throw EvaluationError("\(f.rawValue)() is not a logic function")
        }
    }
}
