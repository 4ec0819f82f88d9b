/// A secure score: points earned of points available, and their ratio.
public struct ScoreDetails: Sendable, Equatable {
    /// Points available: the control's maximum, or the sum over counted controls.
    public var max: Double
    /// Points earned.
    public var current: Double

    public init(max: Double, current: Double) {
        self.max = max
        self.current = current
    }

    /// `current / max` as a 0–1 ratio rounded to 4 decimals, as the API reports it; 0 when max is 0.
    public var percentage: Double {
        max > 0 ? (current / max * 10_000).rounded() / 10_000 : 0
    }
}

/// One control's score in one subscription (or one pool of resources).
public struct ControlScore: Sendable, Equatable {
    public var key: String
    public var displayName: String
    /// The control definition's points (0–10), whether or not the control counts here.
    public var maxScore: Double
    public var healthy: Int
    public var unhealthy: Int
    public var notApplicable: Int

    public init(key: String, displayName: String, maxScore: Double, healthy: Int, unhealthy: Int, notApplicable: Int) {
        self.key = key
        self.displayName = displayName
        self.maxScore = maxScore
        self.healthy = healthy
        self.unhealthy = unhealthy
        self.notApplicable = notApplicable
    }

    /// Whether the control counts: it has at least one healthy or unhealthy resource.
    public var counts: Bool { healthy + unhealthy > 0 }

    /// `max × healthy / (healthy + unhealthy)`; a control that does not count is worth 0 of 0.
    public var score: ScoreDetails {
        guard counts else { return ScoreDetails(max: 0, current: 0) }
        return ScoreDetails(max: maxScore, current: maxScore * Double(healthy) / Double(healthy + unhealthy))
    }

    /// The control's weight: its healthy plus unhealthy resources.
    public var weight: Int { healthy + unhealthy }

    /// Points gained if every unhealthy resource became healthy.
    public var potentialIncrease: Double { score.max - score.current }
}

/// The secure score of one subscription: the sum of its counted controls.
public struct SubscriptionScore: Sendable, Equatable {
    public var subscriptionId: String
    /// Every control of the catalog, counted or not, sorted by key.
    public var controls: [ControlScore]
    /// Distinct resources healthy or unhealthy in at least one scored control: the subscription's
    /// weight when several subscriptions are combined.
    public var weight: Int
    /// The total as Azure reported it (`secureScores/ascScore`), for an observed score; nil for a
    /// computed one.
    public var reported: ScoreDetails?

    public init(subscriptionId: String, controls: [ControlScore], weight: Int, reported: ScoreDetails? = nil) {
        self.subscriptionId = subscriptionId
        self.controls = controls
        self.weight = weight
        self.reported = reported
    }

    /// The reported total when Azure gave one, else Σ current / Σ max over the counted controls.
    public var score: ScoreDetails {
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
/// weighted ratio times that max; per control, resources are pooled across subscriptions.
public struct AggregateScore: Sendable, Equatable {
    public var subscriptions: [SubscriptionScore]

    public init(subscriptions: [SubscriptionScore]) {
        self.subscriptions = subscriptions
    }

    public var weight: Int { subscriptions.reduce(0) { $0 + $1.weight } }

    /// The weighted ratio, 0–1, unrounded.
    public var ratio: Double {
        let total = weight
        guard total > 0 else { return 0 }
        return subscriptions.reduce(0) { acc, s in
            let score = s.score
            return acc + (score.max > 0 ? score.current / score.max : 0) * Double(s.weight)
        } / Double(total)
    }

    /// Controls pooled across the subscriptions, sorted by key.
    public var controls: [ControlScore] {
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

    public var score: ScoreDetails {
        let max = controls.filter(\.counts).reduce(0) { $0 + $1.maxScore }
        return ScoreDetails(max: max, current: max * ratio)
    }
}
