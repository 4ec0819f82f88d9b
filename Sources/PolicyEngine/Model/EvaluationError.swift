/// A failure while evaluating a rule against one resource: an implicit deny (Error state).
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed, in words (`substring: start index 5 is beyond the end of 'abc'`).
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The work budget ran out: the rule does too much work for one resource.
    static let budgetExceeded = EvaluationError(
        "the rule needed more than \(EngineLimits.maxEvaluationWork) units of work (condition steps, and elements and "
            + "bytes built or scanned) for this resource; simplify its count expressions and functions")
}
