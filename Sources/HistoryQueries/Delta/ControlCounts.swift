import Defender
import PolicyModel

/// Healthy and unhealthy resource counts per subscription and control, moved one resource at a
/// time, in arrays indexed by `ReplayIndex`.
struct ControlCounts {
    private var healthy: [Int]
    private var unhealthy: [Int]
    /// Per (subscription, control), the control's max points: the catalog's, else the stored score's.
    private var maxScore: [Double]
    private let stride: Int

    /// The counts of `scores`, with room for every subscription and control of `other` too.
    init(
        _ scores: [SubscriptionScore], _ other: [SubscriptionScore], index: inout ReplayIndex,
        catalog: RecommendationCatalog
    ) {
        for s in scores + other {
            _ = index.subscription(s.subscriptionId)
            for c in s.controls { _ = index.control(c.key) }
        }
        for key in catalog.controls.keys { _ = index.control(key) }
        stride = index.controls.count
        let size = index.subscriptions.count * stride
        healthy = Array(repeating: 0, count: size)
        unhealthy = Array(repeating: 0, count: size)
        maxScore = Array(repeating: 0, count: size)
        for s in scores {
            let sub = index.subscription(s.subscriptionId)
            for c in s.controls {
                let cell = sub * stride + index.control(c.key)
                (healthy[cell], unhealthy[cell], maxScore[cell]) = (c.healthy, c.unhealthy, c.maxScore)
            }
        }
        for (key, control) in catalog.controls {
            let column = index.control(key)
            for sub in 0..<index.subscriptions.count { maxScore[sub * stride + column] = control.maxScore }
        }
    }

    /// `max × healthy / (healthy + unhealthy)`, 0 when the control counts no resource.
    private func points(_ cell: Int) -> Double {
        guard healthy[cell] + unhealthy[cell] > 0 else { return 0 }
        return maxScore[cell] * Double(healthy[cell]) / Double(healthy[cell] + unhealthy[cell])
    }

    /// Moves one resource of the control from one status to another; returns the move of the
    /// control's points, in ten-thousandths.
    mutating func move(_ sub: Int, _ control: Int, from old: Assessment.Status?, to new: Assessment.Status?) -> Int {
        guard old != new else { return 0 }
        let cell = sub * stride + control
        let before = ScoreDelta.units(points(cell))
        switch old {
        case .healthy: healthy[cell] -= 1
        case .unhealthy: unhealthy[cell] -= 1
        default: break
        }
        switch new {
        case .healthy: healthy[cell] += 1
        case .unhealthy: unhealthy[cell] += 1
        default: break
        }
        return ScoreDelta.units(points(cell)) - before
    }
}
