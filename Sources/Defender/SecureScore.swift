import PolicyModel

/// A secure score: points earned of points available, and their ratio.
package struct ScoreDetails: Sendable, Equatable {
    /// Points available: the control's maximum, or the sum over counted controls.
    package var max: Double
    /// Points earned.
    package var current: Double

    package init(max: Double, current: Double) {
        self.max = max
        self.current = current
    }

    /// `current / max` as a 0–1 ratio rounded to 4 decimals, as the API reports it; 0 when max is 0.
    package var percentage: Double {
        max > 0 ? Figures.rounded(current / max) : 0
    }
}

/// One control's score in one subscription (or one pool of resources).
package struct ControlScore: Sendable, Equatable {
    package var key: String
    package var displayName: String
    /// The control definition's points (0–10), whether or not the control counts here.
    package var maxScore: Double
    package var healthy: Int
    package var unhealthy: Int
    package var notApplicable: Int
    /// The score as Azure reported it (an observed control: `properties.score` of a
    /// `secureScoreControls` list), kept as given rather than recomputed from the counts.
    package var reported: ScoreDetails?

    package init(
        key: String, displayName: String, maxScore: Double, healthy: Int, unhealthy: Int, notApplicable: Int,
        reported: ScoreDetails? = nil
    ) {
        self.key = key
        self.displayName = displayName
        self.maxScore = maxScore
        self.healthy = healthy
        self.unhealthy = unhealthy
        self.notApplicable = notApplicable
        self.reported = reported
    }

    /// Whether the control counts: it has at least one healthy or unhealthy resource.
    package var counts: Bool { healthy + unhealthy > 0 }

    /// The reported score when there is one; else `max × healthy / (healthy + unhealthy)`, and a
    /// control that does not count is worth 0 of 0.
    package var score: ScoreDetails {
        if let reported { return reported }
        guard counts else { return ScoreDetails(max: 0, current: 0) }
        return ScoreDetails(max: maxScore, current: maxScore * Double(healthy) / Double(healthy + unhealthy))
    }

    /// The control's weight: its healthy plus unhealthy resources.
    package var weight: Int { healthy + unhealthy }

    /// Points gained if every unhealthy resource became healthy.
    package var potentialIncrease: Double { score.max - score.current }
}

/// The secure score of one subscription: the sum of its counted controls.
package struct SubscriptionScore: Sendable, Equatable {
    package var subscriptionId: String
    /// Every control of the catalog, counted or not, sorted by key.
    package var controls: [ControlScore]
    /// Distinct resources healthy or unhealthy in at least one scored control: the subscription's
    /// weight when several subscriptions are combined.
    package var weight: Int
    /// The total as Azure reported it (`secureScores/ascScore`), for an observed score; nil for a
    /// computed one.
    package var reported: ScoreDetails?

    package init(subscriptionId: String, controls: [ControlScore], weight: Int, reported: ScoreDetails? = nil) {
        self.subscriptionId = subscriptionId
        self.controls = controls
        self.weight = weight
        self.reported = reported
    }

    /// Whether its controls are known: always for a computed score; for an observed one, when its
    /// `secureScoreControls` were ingested with it (a score may come without them).
    package var controlsKnown: Bool { reported == nil || !controls.isEmpty }

    /// The reported total when Azure gave one, else Σ current / Σ max over the counted controls.
    package var score: ScoreDetails {
        if let reported { return reported }
        return controls.reduce(ScoreDetails(max: 0, current: 0)) {
            ScoreDetails(max: $0.max + $1.score.max, current: $0.current + $1.score.current)
        }
    }
}

/// The secure score of several subscriptions (a management group, a team, the tenant).
///
/// Not an average: each subscription's ratio weighs by its count of healthy and unhealthy
/// resources. `max` is the sum of the controls counted in any of them, `current` the
/// weighted ratio times that max; per control, resources are pooled across subscriptions. Where
/// the controls of an observed score are not known, `max` is the largest subscription maximum
/// Azure gave (the controls counted anywhere are a superset of each subscription's).
package struct AggregateScore: Sendable, Equatable {
    package var subscriptions: [SubscriptionScore]

    package init(subscriptions: [SubscriptionScore]) {
        self.subscriptions = subscriptions
    }

    package var weight: Int { subscriptions.reduce(0) { $0 + $1.weight } }

    /// The weighted ratio, 0–1, unrounded.
    package var ratio: Double {
        let total = weight
        guard total > 0 else { return 0 }
        return subscriptions.reduce(0) { acc, s in
            let score = s.score
            return acc + (score.max > 0 ? score.current / score.max : 0) * Double(s.weight)
        } / Double(total)
    }

    /// Controls pooled across the subscriptions, sorted by key.
    package var controls: [ControlScore] {
        var pooled: [String: ControlScore] = [:]
        for s in subscriptions {
            for c in s.controls {
                if var p = pooled[c.key] {
                    p.healthy += c.healthy
                    p.unhealthy += c.unhealthy
                    p.notApplicable += c.notApplicable
                    pooled[c.key] = p
                } else {
                    pooled[c.key] = c
                }
            }
        }
        return pooled.values.sorted { $0.key < $1.key }
    }

    package var score: ScoreDetails {
        var max = controls.filter(\.counts).reduce(0) { $0 + $1.maxScore }
        if !controlsKnown { max = Swift.max(max, subscriptions.map(\.score.max).max() ?? 0) }
        return ScoreDetails(max: max, current: max * ratio)
    }

    /// Whether every subscription's controls are known (see `SubscriptionScore.controlsKnown`).
    package var controlsKnown: Bool { subscriptions.allSatisfy(\.controlsKnown) }
}
