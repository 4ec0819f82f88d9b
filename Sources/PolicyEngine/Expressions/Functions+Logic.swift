import JSONCore

extension Functions {
    static func logic(_ f: BuiltinFunction, _ a: [JSONValue], work: inout WorkBudget) throws(EvaluationError)
        -> JSONValue
    {
        switch f {
        case .if:
            return try boolean(a[0], f, 0) ? a[1] : a[2]
        case .equals:
            try work.charge(min(a[0].stringValue?.utf8.count ?? 0, a[1].stringValue?.utf8.count ?? 0))
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
            try work.charge(a.reduce(0) { $0 + ($1.stringValue?.utf8.count ?? 0) })
            let order: Int
            switch (a[0], a[1]) {
            case (.number(let x), .number(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            case (.string(let x), .string(let y)): order = x < y ? -1 : (x > y ? 1 : 0)
            default:
                throw EvaluationError(
                    "\(f.rawValue)() compares two numbers or two strings, got \(a[0].typeName) and \(a[1].typeName)")
            }
            switch f {
            case .greater: return .bool(order > 0)
            case .greaterorequals: return .bool(order >= 0)
            case .less: return .bool(order < 0)
            default: return .bool(order <= 0)
            }
        case .int:
            switch a[0] {
            case .number(let n) where n.isFinite && n.magnitude <= Double(EngineLimits.maxInteger):
                return .number(n.rounded(.towardZero))
            case .string(let s):
                try work.charge(s.utf8.count)
                guard let n = Int(s.trimmingCharacters(in: " ")), n.magnitude <= EngineLimits.maxInteger else {
                    throw EvaluationError("int() cannot convert \(brief(a[0])) to an integer \(Self.integerRange)")
                }
                return .number(Double(n))
            default:
                throw EvaluationError(
                    "int() cannot convert \(a[0].typeName) \(brief(a[0])) to an integer \(Self.integerRange)")
            }
        case .float:
            let n: Double?
            switch a[0] {
            case .number(let x): n = x
            case .string(let s):
                try work.charge(s.utf8.count)
                n = Double(s)
            default: throw EvaluationError("float() cannot convert \(a[0].typeName) to a number")
            }
            guard let n, n.isFinite else {
                throw EvaluationError("float() cannot convert \(brief(a[0])) to a finite number")
            }
            return .number(n)
        case .add, .sub, .mul, .div, .mod:
            let x = try integer(a[0], f, 0)
            let y = try integer(a[1], f, 1)
            switch f {
            case .add:
                let (sum, overflow) = x.addingReportingOverflow(y)
                return try integerResult(sum, overflow: overflow, f)
            case .sub:
                let (difference, overflow) = x.subtractingReportingOverflow(y)
                return try integerResult(difference, overflow: overflow, f)
            case .mul:
                let (product, overflow) = x.multipliedReportingOverflow(by: y)
                return try integerResult(product, overflow: overflow, f)
            default:
                guard y != 0 else { throw EvaluationError("\(f.rawValue)(): division by zero") }
                let (result, overflow) =
                    f == .div ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
                return try integerResult(result, overflow: overflow, f)
            }
        case .min, .max:
            let values = a.count == 1 ? (a[0].arrayValue ?? a) : a
            try work.charge(values.count)
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
