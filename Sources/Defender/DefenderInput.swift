import Foundation
import PolicyModel

/// What one Defender cycle reads.
public struct DefenderInput: Sendable {
    /// The newest policy states visible when the cycle starts.
    public var states: [PolicyState]
    /// (resource, policy) pairs whose policy the assignments set to `Disabled`: shown as `OffByPolicy`.
    public var disabled: [DisabledPolicy]
    /// What Defender evaluated by itself, as of the cycle's start.
    public var findings: [Finding]
    /// The previous cycle's assessments, to carry `firstEvaluationDate` and `statusChangeDate`.
    public var previous: [Assessment]
    /// When the cycle starts.
    public var at: Date

    public init(
        states: [PolicyState], disabled: [DisabledPolicy] = [], findings: [Finding] = [], previous: [Assessment] = [],
        at: Date
    ) {
        self.states = states
        self.disabled = disabled
        self.findings = findings
        self.previous = previous
        self.at = at
    }
}
