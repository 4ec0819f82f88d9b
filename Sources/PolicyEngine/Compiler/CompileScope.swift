/// What the compiler knows about where a condition sits: the enclosing counts (for binding
/// `[*]` fields and `current()`), whether it is an existence condition, and how deep it is.
struct CompileScope {
    enum Count {
        /// A field count over the absolute path `segments` (ending in `[*]`).
        case field(segments: [PathSegment])
        /// A value count, optionally named.
        case value(name: String?)
    }

    var counts: [Count] = []
    /// The related resource type, inside an existence condition.
    var relatedType: String?
    var depth = 0
}
