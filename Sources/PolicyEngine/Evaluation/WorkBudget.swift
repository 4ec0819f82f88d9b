/// The work one evaluation of one rule against one resource may still do, in units: one per
/// condition node, function call and count iteration, plus one per element or byte that a
/// function or operator produces or scans. Spending past it ends the evaluation in the Error state.
struct WorkBudget: Sendable {
    private(set) var remaining: Int

    init(_ limit: Int = EngineLimits.maxEvaluationWork) {
        remaining = Swift.max(0, limit)
    }

    /// Spends `units`; fails once the budget is spent.
    @inline(__always) mutating func charge(_ units: Int) throws(EvaluationError) {
        guard units <= remaining else {
            remaining = 0
            throw EvaluationError.budgetExceeded
        }
        remaining -= Swift.max(0, units)
    }

    /// Spends `a × b` units, the cost of a search or a product that cannot be done in linear time.
    mutating func charge(_ a: Int, times b: Int) throws(EvaluationError) {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        try charge(overflow ? Int.max : product)
    }
}
