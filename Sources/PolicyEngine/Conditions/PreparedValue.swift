import JSONCore

/// The right-hand side of a condition, with what the operator needs computed once:
/// the lower-cased string, the number a numeric string stands for, the compiled pattern, the list.
struct PreparedValue: Sendable {
    let value: JSONValue
    let lowered: String?
    let number: Double?
    let like: WildcardPattern?
    let pattern: MatchPattern?
    let list: [PreparedValue]?
    let flag: Bool?

    /// Prepares `value` for `op`; fails when the value cannot serve that operator
    /// (`in` needs an array, `exists` a Boolean, a pattern too long).
    init(_ value: JSONValue, for op: ConditionOperator) throws(EvaluationError) {
        self.value = value
        var lowered: String?
        var number: Double?
        switch value {
        case .string(let s):
            lowered = s.lowercased()
            number = ValueComparison.numericValue(of: s)
        case .number(let n):
            number = n
        default:
            break
        }
        self.lowered = lowered
        self.number = number
        var like: WildcardPattern?
        var pattern: MatchPattern?
        var list: [PreparedValue]?
        var flag: Bool?
        switch op.positive.0 {
        case .like:
            guard let text = ValueComparison.text(of: value) else {
                throw EvaluationError(
                    "'like' needs a string pattern, but the condition gives \(value.typeName) \(value)")
            }
            guard text.utf8.count <= EngineLimits.maxPatternLength else {
                throw EvaluationError(
                    "the like pattern is \(text.utf8.count) bytes long; the limit is \(EngineLimits.maxPatternLength)")
            }
            like = WildcardPattern(text)
        case .match, .matchInsensitively:
            guard let text = ValueComparison.text(of: value) else {
                throw EvaluationError(
                    "'match' needs a string pattern, but the condition gives \(value.typeName) \(value)")
            }
            guard text.utf8.count <= EngineLimits.maxPatternLength else {
                throw EvaluationError(
                    "the match pattern is \(text.utf8.count) bytes long; the limit is \(EngineLimits.maxPatternLength)")
            }
            pattern = MatchPattern(text)
        case .in:
            guard case .array(let elements) = value else {
                throw EvaluationError(
                    "'\(op.rawValue)' needs an array of values, but the condition gives \(value.typeName) \(value)")
            }
            var prepared: [PreparedValue] = []
            prepared.reserveCapacity(elements.count)
            for element in elements { prepared.append(try PreparedValue(element, for: .equals)) }
            list = prepared
        case .exists:
            switch value {
            case .bool(let b): flag = b
            case .string(let s) where s.equalsIgnoringASCIICase("true"): flag = true
            case .string(let s) where s.equalsIgnoringASCIICase("false"): flag = false
            default:
                throw EvaluationError("'exists' needs true or false, but the condition gives \(value)")
            }
        default:
            break
        }
        self.like = like
        self.pattern = pattern
        self.list = list
        self.flag = flag
    }

    /// A copy whose strings are normalised as Azure normalises locations (`East US 2` → `eastus2`).
    func normalizedAsLocation(for op: ConditionOperator) -> PreparedValue {
        func normalize(_ v: JSONValue) -> JSONValue {
            switch v {
            case .string(let s): .string(s.lowercased().filter { $0 != " " })
            case .array(let a): .array(a.map(normalize))
            default: v
            }
        }
        switch op.positive.0 {
        case .equals, .in: return (try? PreparedValue(normalize(value), for: op)) ?? self
        default: return self
        }
    }
}
