import Foundation
import PolicyModel

/// What one Defender cycle reads.
package struct DefenderInput: Sendable {
    /// The newest policy states visible when the cycle starts.
    package var states: [PolicyState]
    /// (resource, policy) pairs whose policy the assignments set to `Disabled`: shown as `OffByPolicy`.
    package var disabled: [DisabledPolicy]
    /// What Defender evaluated by itself, as of the cycle's start.
    package var findings: [Finding]
    /// The previous cycle's assessments, to carry `firstEvaluationDate` and `statusChangeDate`.
    package var previous: [Assessment]
    /// When the cycle starts.
    package var at: Date

    package init(
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
