import JSONCore

/// A compiled policy condition: the `if` of a rule, or an existence condition.
indirect enum Condition: Sendable {
    case constant(Bool)
    case allOf([Condition])
    case anyOf([Condition])
    case not(Condition)
    /// `{"field": ..., "<op>": ...}`; a `[*]` field holds only if every selected value satisfies it.
    case field(FieldAccess, ConditionOperator, Operand)
    /// `{"value": ..., "<op>": ...}`.
    case value(Expression, ConditionOperator, Operand)
    /// `{"count": {...}, "<op>": ...}`.
    case count(CountExpression, ConditionOperator, Operand)
}

/// The right-hand side of a condition: prepared once when constant, computed per resource otherwise.
enum Operand: Sendable {
    case constant(PreparedValue)
    case dynamic(Expression)

    /// The prepared value for this evaluation.
    @inline(__always) func resolve(for op: ConditionOperator, _ context: inout EvaluationContext)
        throws(EvaluationError)
        -> PreparedValue
    {
        switch self {
        case .constant(let prepared): return prepared
        case .dynamic(let expression): return try PreparedValue(try expression.evaluate(&context), for: op)
        }
    }

    /// The operand written for reasons.
    var display: String {
        switch self {
        case .constant(let p): Functions.brief(p.value)
        case .dynamic: "(computed value)"
        }
    }
}

/// A `count` expression: how many members of an array (`field`) or of a value (`value`) satisfy `where`.
struct CountExpression: Sendable {
    enum Source: Sendable {
        case field(FieldAccess)
        case value(Expression)
    }

    let source: Source
    /// The condition each member must satisfy; nil counts every member.
    let condition: Condition?
    /// How the rule wrote it, for reasons (`count of field 'X[*]'`).
    let display: String
}
