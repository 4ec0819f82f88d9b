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
    /// The work one evaluation of one resource may do (condition nodes, function calls, count
    /// iterations) before it stops with an Error state.
    public static let maxEvaluationSteps = 1_000_000
    /// The longest string a function may build (`concat`, `padLeft`, `replace`, ...), in UTF-8 bytes.
    public static let maxStringLength = 1024 * 1024
    /// The most elements a function may build into one array (`createArray`, `union`, `split`, ...).
    public static let maxArrayLength = 100_000
}
