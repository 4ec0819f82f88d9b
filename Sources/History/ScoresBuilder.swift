import Defender

/// A score computation's subscription scores, rebuilt from its `scores` rows (sorted by
/// subscription, then control key, each subscription's total first), the same whatever the store.
package struct ScoresBuilder {
    /// Each subscription's total and each control's score are the ones stored (an observed score,
    /// as Azure reported it) rather than computed from the controls and their counts.
    private let reported: Bool
    package private(set) var scores: [SubscriptionScore] = []

    package init(reported: Bool) {
        self.reported = reported
    }

    /// Adds a row: a subscription's total (control key '') or one of its controls.
    package mutating func add(
        subscription: String, control key: String, displayName: String, points: Double, healthy: Int, unhealthy: Int,
        notApplicable: Int, weight: Int, current: Double?
    ) {
        if key.isEmpty {
            let total = reported ? ScoreDetails(max: points, current: current ?? 0) : nil
            scores.append(
                SubscriptionScore(subscriptionId: subscription, controls: [], weight: weight, reported: total))
        } else if !scores.isEmpty {
            scores[scores.count - 1].controls.append(
                ControlScore(
                    key: key, displayName: displayName, maxScore: points, healthy: healthy, unhealthy: unhealthy,
                    notApplicable: notApplicable,
                    reported: reported ? current.map { ScoreDetails(max: points, current: $0) } : nil))
        }
    }
}
