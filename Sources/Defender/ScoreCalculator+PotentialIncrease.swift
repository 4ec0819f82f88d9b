import PolicyModel

/// What fixing one recommendation would add to a subscription's score.
package struct PotentialIncrease: Sendable, Equatable {
    package var assessmentKey: String
    package var subscriptionId: String
    package var controlKey: String
    /// Resources unhealthy for this recommendation.
    package var unhealthyResources: Int
    /// Control points gained if they were all fixed: only resources with no other unhealthy
    /// recommendation in the control become healthy.
    package var points: Double
    /// The same as a share of the subscription's maximum score (0–1).
    package var ratio: Double

    package init(
        assessmentKey: String, subscriptionId: String, controlKey: String, unhealthyResources: Int, points: Double,
        ratio: Double
    ) {
        self.assessmentKey = assessmentKey
        self.subscriptionId = subscriptionId
        self.controlKey = controlKey
        self.unhealthyResources = unhealthyResources
        self.points = points
        self.ratio = ratio
    }
}

extension ScoreCalculator {
    /// The potential increase of every scored recommendation with unhealthy resources,
    /// largest first (ties by key, then subscription).
    package func potentialIncreases(_ assessments: [Assessment]) -> [PotentialIncrease] {
        let scores = Dictionary(scores(assessments).map { ($0.subscriptionId, $0) }) { a, _ in a }
        // subscription → control → resource → unhealthy keys
        var unhealthy: [String: [String: [String: Set<String>]]] = [:]
        for a in assessments where a.scoredStatus == .unhealthy {
            guard let control = catalog.scoredControl(of: a.key) else { continue }
            unhealthy[a.subscriptionId.lowercased(), default: [:]][control, default: [:]][a.resourceId.key, default: []]
                .insert(a.key)
        }
        var result: [PotentialIncrease] = []
        for (sub, controls) in unhealthy {
            guard let subscription = scores[sub] else { continue }
            let subscriptionMax = subscription.score.max
            for (control, resources) in controls {
                guard let score = subscription.controls.first(where: { $0.key == control }), score.counts else {
                    continue
                }
                var affected: [String: Int] = [:]
                var fixed: [String: Int] = [:]
                for keys in resources.values {
                    for key in keys { affected[key, default: 0] += 1 }
                    if keys.count == 1, let only = keys.first { fixed[only, default: 0] += 1 }
                }
                for (key, count) in affected {
                    let points = score.maxScore * Double(fixed[key] ?? 0) / Double(score.weight)
                    result.append(
                        PotentialIncrease(
                            assessmentKey: key, subscriptionId: sub, controlKey: control, unhealthyResources: count,
                            points: points, ratio: subscriptionMax > 0 ? points / subscriptionMax : 0))
                }
            }
        }
        return result.sorted {
            ($1.points, $0.assessmentKey, $0.subscriptionId) < ($0.points, $1.assessmentKey, $1.subscriptionId)
        }
    }
}
