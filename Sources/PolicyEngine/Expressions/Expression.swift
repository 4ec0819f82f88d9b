import JSONCore

/// A compiled expression: function names resolved, `parameters()` substituted, `field()` and
/// `current()` bound to compiled paths, and every sub-expression without a resource dependency
/// folded to a literal.
indirect enum Expression: Sendable {
    case literal(JSONValue)
    case call(BuiltinFunction, [Expression])
    case member(Expression, String)
    case index(Expression, Expression)
    /// `field('alias')`: the resource's value (an array for `[*]` aliases).
    case field(FieldAccess)
    /// `current(...)`: the element of the count at `level`, then `path` inside it.
    case current(level: Int, path: [PathSegment])
    /// A constant sub-expression whose evaluation failed when it was folded at compile time;
    /// evaluating it (only if a rule reaches it) fails the same way.
    case failure(EvaluationError)

    /// The literal, when the expression is one.
    var literalValue: JSONValue? {
        if case .literal(let v) = self { return v }
        return nil
    }
}
