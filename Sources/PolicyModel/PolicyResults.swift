/// What a policy cycle produces: the policy states, and the (resource, policy) pairs whose
/// policy an assignment set to `Disabled` (not evaluated, shown by Defender as `OffByPolicy`).
public struct PolicyResults: Sendable, Equatable {
    public var states: [PolicyState]
    public var disabled: [DisabledPolicy]

    public init(states: [PolicyState], disabled: [DisabledPolicy] = []) {
        self.states = states
        self.disabled = disabled
    }
}

/// A resource a policy would apply to, had its assignment not set the policy to `Disabled`.
public struct DisabledPolicy: Sendable, Hashable {
    public var resourceId: ResourceID
    public var subscriptionId: String
    public var policyAssignmentId: ResourceID
    public var policyDefinitionId: ResourceID

    public init(
        resourceId: ResourceID, subscriptionId: String, policyAssignmentId: ResourceID, policyDefinitionId: ResourceID
    ) {
        self.resourceId = resourceId
        self.subscriptionId = subscriptionId
        self.policyAssignmentId = policyAssignmentId
        self.policyDefinitionId = policyDefinitionId
    }
}
