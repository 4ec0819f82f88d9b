/// The limits that keep hostile or broken rules from crashing or hanging the engine.
///
/// Azure's own built-ins stay far below every one of them; a rule that crosses one
/// fails to compile (a ``PolicyCompileError``) or evaluates to the Error state.
public enum EngineLimits {
    /// The deepest nesting of `allOf`/`anyOf`/`not`/`count` a compiled rule may have.
    public static let maxConditionDepth = 128
    /// How many `count` expressions may be nested inside each other.
    public static let maxCountNesting = 5
    /// The deepest nesting of function calls, member accesses and indexes in one expression.
    public static let maxExpressionDepth = 64
    /// The longest expression text (`"[...]"`), in UTF-8 bytes.
    public static let maxExpressionLength = 64 * 1024
    /// The longest `like`/`match` pattern, in UTF-8 bytes.
    public static let maxPatternLength = 4 * 1024
    /// The work one evaluation of one rule against one resource may do before it stops with an
    /// Error state, in units: one per condition node, function call and count iteration, and one
    /// per element or byte a function or operator produces or scans. The largest built-in over
    /// a realistic resource spends well under 1% of it.
    public static let maxEvaluationWork = 8_000_000
    /// The longest string a function may return, in UTF-16 code units (Azure Policy's documented
    /// evaluation limit, "Azure Policy definition structure policy rule", Policy rule limits).
    public static let maxStringLength = 131_072
    /// The most nodes (values, counting every element and member at any depth) of an array or
    /// object given to or returned by a function (the same documented limit).
    public static let maxNodeCount = 32_768
    /// The deepest nesting of an array or object given to or returned by a function (the same
    /// documented limit).
    public static let maxValueDepth = 128
    /// The largest magnitude an integer may have: beyond 2^53 a number cannot hold every integer exactly.
    public static let maxInteger = 9_007_199_254_740_992
}
