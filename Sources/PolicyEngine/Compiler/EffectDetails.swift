import JSONCore
public import PolicyModel

/// The compiled `then.details` that affect compliance: the related resource of
/// AuditIfNotExists/DeployIfNotExists, or Manual's default state.
public struct EffectDetails: Sendable {
    /// The related resource type (`Microsoft.Insights/diagnosticSettings`).
    public let relatedType: String?
    /// Where to look for related resources that are not children or extensions of the evaluated one.
    public let existenceScope: ExistenceScope
    /// Manual's `defaultState` (Unknown unless the definition says otherwise).
    public let defaultState: ComplianceState
    /// When a create or update request's evaluation checks related resources (default `PT10M`).
    public let evaluationDelay: EvaluationDelay
    let name: Expression?
    let resourceGroupName: Expression?
    let existenceCondition: Condition?

    init(
        relatedType: String? = nil, name: Expression? = nil, resourceGroupName: Expression? = nil,
        existenceScope: ExistenceScope = .resourceGroup, existenceCondition: Condition? = nil,
        defaultState: ComplianceState = .unknown, evaluationDelay: EvaluationDelay = .standard
    ) {
        self.evaluationDelay = evaluationDelay
        self.relatedType = relatedType
        self.name = name
        self.resourceGroupName = resourceGroupName
        self.existenceScope = existenceScope
        self.existenceCondition = existenceCondition
        self.defaultState = defaultState
    }
}
