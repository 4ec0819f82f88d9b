import Defender
import PolicyModel

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
