public import PolicyModel

/// The outcome of evaluating one compiled policy against one resource.
public struct EvaluationResult: Sendable, Equatable {
    /// Whether the resource is in the policy's reach (mode, type/name/kind conditions, or the
    /// whole `if` for AuditIfNotExists/DeployIfNotExists). Non-applicable resources get no state.
    public var applicable: Bool
    /// The state, nil when the resource is not applicable.
    public var complianceState: ComplianceState?
    /// The effect the policy resolved to.
    public var effect: Effect
    /// Which conditions decided, in words a user can follow. Filled for NonCompliant and Error
    /// results (and for others when the caller asks for explanations).
    public var reasons: [String]

    public init(applicable: Bool, complianceState: ComplianceState?, effect: Effect, reasons: [String] = []) {
        self.applicable = applicable
        self.complianceState = complianceState
        self.effect = effect
        self.reasons = reasons
    }

    /// A result for a resource the policy does not apply to.
    public static func notApplicable(_ effect: Effect, reason: String? = nil) -> EvaluationResult {
        EvaluationResult(applicable: false, complianceState: nil, effect: effect, reasons: reason.map { [$0] } ?? [])
    }
}
