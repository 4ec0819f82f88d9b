import JSONCore
import PolicyModel

/// The state of one evaluation: the resource conditions read, the resource `field()` reads in an
/// existence condition, the elements of the enclosing counts, and the work budget.
struct EvaluationContext {
    /// The resource `field` conditions read (the related resource inside an existence condition).
    let subject: Resource
    /// The resource the policy's `if` evaluated.
    let evaluated: Resource
    let environment: EvaluationEnvironment
    /// The current element of each enclosing `count`, outermost first.
    var scopes: [JSONValue] = []
    var work: WorkBudget

    init(subject: Resource, evaluated: Resource, environment: EvaluationEnvironment) {
        self.subject = subject
        self.evaluated = evaluated
        self.environment = environment
        self.work = WorkBudget(environment.workBudget)
    }

    /// The resource a field reads, by its target.
    @inline(__always) func resource(for field: FieldAccess) -> Resource {
        switch field.target {
        case .subject: subject
        case .evaluated: evaluated
        }
    }

    /// Spends `n` units of work; fails once the budget (``EngineLimits/maxEvaluationWork``) is spent.
    @inline(__always) mutating func step(_ n: Int = 1) throws(EvaluationError) {
        try work.charge(n)
    }
}
