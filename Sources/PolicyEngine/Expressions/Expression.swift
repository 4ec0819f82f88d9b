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

    /// The literal, when the expression is one.
    var literalValue: JSONValue? {
        if case .literal(let v) = self { return v }
        return nil
    }
}
