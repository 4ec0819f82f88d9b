import Foundation

/// When one change reaches each stage: policy states, Defender assessments, secure score.
package struct ChangeVisibility: Sendable, Hashable {
    /// When the resource (or assignment, or exemption) changed.
    package var changedAt: Date
    /// When the new policy state is visible.
    package var policy: Date
    /// When the first Defender cycle that reads that state has its assessments visible.
    package var defender: Date
    /// When the first score computation that reads those assessments runs.
    package var score: Date

    /// The stages of a change made at `changedAt`.
    package init(changedAt: Date, policy: Date, defender: Date, score: Date) {
        self.changedAt = changedAt
        self.policy = policy
        self.defender = defender
        self.score = score
    }
}
