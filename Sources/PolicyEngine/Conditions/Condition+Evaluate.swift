import JSONCore
import PolicyModel

extension Condition {
    /// Whether the condition holds for the resource in `context`.
    func evaluate(_ context: inout EvaluationContext) throws(EvaluationError) -> Bool {
        try context.step()
        switch self {
        case .constant(let b):
            return b
        case .allOf(let children):
            for child in children where !(try child.evaluate(&context)) { return false }
            return true
        case .anyOf(let children):
            for child in children where try child.evaluate(&context) { return true }
            return false
        case .not(let child):
            return !(try child.evaluate(&context))
        case .field(let field, let op, let operand):
            let rhs = try operand.resolve(for: op, &context)
            let resource = context.resource(for: field)
            if field.hasWildcard {
                var values: [JSONValue?] = []
                FieldReader.collect(field, resource: resource, scopes: context.scopes, into: &values)
                try context.step(values.count)
                for value in values {
                    try context.step(Condition.cost(of: value, rhs))
                    if !(try Condition.test(op, value, rhs)) { return false }
                }
                return true
            }
            let lhs = FieldReader.single(field, resource: resource, scopes: context.scopes)
            try context.step(Condition.cost(of: lhs, rhs))
            return try Condition.test(op, lhs, rhs)
        case .value(let expression, let op, let operand):
            let lhs = try expression.evaluate(&context)
            let rhs = try operand.resolve(for: op, &context)
            try context.step(Condition.cost(of: lhs, rhs))
            return try Condition.test(op, lhs, rhs)
        case .count(let count, let op, let operand):
            let n = try count.count(&context)
            return try Condition.test(op, .number(Double(n)), try operand.resolve(for: op, &context))
        }
    }

    /// The work one test scans beyond its step: the bytes of a string operand, the candidates of `in`.
    @inline(__always) static func cost(of lhs: JSONValue?, _ rhs: PreparedValue) -> Int {
        var units = rhs.list?.count ?? 0
        if case .string(let s)? = lhs { units += s.utf8.count }
        return units
    }

    /// Applies one operator; `lhs` nil means the property does not exist.
    static func test(_ op: ConditionOperator, _ lhs: JSONValue?, _ rhs: PreparedValue) throws(EvaluationError) -> Bool {
        switch op {
        case .exists:
            let present: Bool
            if let lhs, !lhs.isNull { present = true } else { present = false }
            return present == rhs.flag
        case .equals:
            guard let lhs else { return rhs.value.isNull }
            return ValueComparison.equals(lhs, rhs)
        case .in:
            guard let lhs else { return false }
            for candidate in rhs.list! where ValueComparison.equals(lhs, candidate) { return true }
            return false
        case .like:
            guard let lhs, let text = ValueComparison.text(of: lhs) else { return false }
            return rhs.like!.matches(text)
        case .match, .matchInsensitively:
            guard let lhs, let text = ValueComparison.text(of: lhs) else { return false }
            return rhs.pattern!.matches(text, ignoringCase: op == .matchInsensitively)
        case .contains:
            guard let lhs else { return false }
            switch lhs {
            case .array(let elements):
                return elements.contains { ValueComparison.equals($0, rhs) }
            case .object:
                return false
            default:
                guard let text = ValueComparison.text(of: lhs), let needle = ValueComparison.text(of: rhs.value) else {
                    return false
                }
                return ValueComparison.containsIgnoringCase(text, needle.lowercased())
            }
        case .containsKey:
            guard case .object(let object)? = lhs, let key = ValueComparison.text(of: rhs.value) else { return false }
            return object[key] != nil
        case .less, .lessOrEquals, .greater, .greaterOrEquals:
            guard let lhs, !lhs.isNull else { return false }
            guard let order = ValueComparison.order(lhs, rhs) else {
                throw EvaluationError(
                    "'\(op.rawValue)' cannot compare \(lhs.typeName) \(Functions.brief(lhs)) with \(rhs.value.typeName) \(Functions.brief(rhs.value))"
                )
            }
            switch op {
            case .less: return order < 0
            case .lessOrEquals: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        case .notEquals, .notLike, .notMatch, .notMatchInsensitively, .notContains, .notIn, .notContainsKey:
            return !(try test(op.positive.0, lhs, rhs))
        }
    }
}

extension CountExpression {
    /// The number of members satisfying the `where` condition.
    func count(_ context: inout EvaluationContext) throws(EvaluationError) -> Int {
        let members: [JSONValue]
        switch source {
        case .field(let field):
            members = FieldReader.elements(field, resource: context.resource(for: field), scopes: context.scopes)
        case .value(let expression):
            let value = try expression.evaluate(&context)
            switch value {
            case .array(let elements): members = elements
            case .null: members = []
            default:
                throw EvaluationError("a value count needs an array, got \(value.typeName) \(Functions.brief(value))")
            }
        }
        guard let condition else { return members.count }
        try context.step(members.count)
        var n = 0
        context.scopes.append(.null)
        defer { context.scopes.removeLast() }
        let level = context.scopes.count - 1
        for member in members {
            context.scopes[level] = member
            if try condition.evaluate(&context) { n += 1 }
        }
        return n
    }
}
