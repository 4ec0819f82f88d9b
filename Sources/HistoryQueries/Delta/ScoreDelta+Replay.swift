import Defender
import Foundation
import History
import PolicyModel

extension ScoreDelta {
    /// Attributes the move between two sides to the assessment transitions between them.
    ///
    /// - Parameters:
    ///   - transitions: the resources whose assessments moved, with all their assessments at each side.
    ///   - catalog: which control each recommendation scores in, and the controls' max points.
    ///   - existedBefore, existsAfter: whether a resource existed at each side (new and deleted resources).
    ///   - visibility: when each cycle (by number) became visible, to date the moves.
    public static func replay(
        from: Side, to: Side, transitions: [ResourceTransition], catalog: RecommendationCatalog,
        existedBefore: (ResourceID) -> Bool, existsAfter: (ResourceID) -> Bool, visibility: [Int: Date] = [:]
    ) -> ScoreDelta {
        var counts = ControlCounts(from.scores)
        var changes: [ScoreChange] = []
        changes.reserveCapacity(transitions.count)
        var controlOf: [String: String?] = [:]  // the catalog's answer per key, asked once
        func scoredControl(_ key: String) -> String? {
            if let known = controlOf[key] { return known }
            let answer = catalog.scoredControl(of: key)
            controlOf[key] = .some(answer)
            return answer
        }
        let ordered = transitions.map { ($0.subscriptionId.lowercased(), $0) }.sorted { ($0.0, $0.1.resourceId.key) < ($1.0, $1.1.resourceId.key) }
        for (_, transition) in ordered {
            let sub = transition.subscriptionId.lowercased()
            var current = transition.before
            let before = existedBefore(transition.resourceId)
            let after = existsAfter(transition.resourceId)
            for key in transition.changedKeys {
                let control = scoredControl(key)
                var units = 0
                if let control {
                    let old = worst(current, in: control, controlOf: scoredControl)
                    current[key] = transition.after[key]
                    let new = worst(current, in: control, controlOf: scoredControl)
                    let maxScore = catalog.controls[control]?.maxScore ?? counts.maxScore(sub, control)
                    let pointsBefore = counts.points(sub, control, maxScore: maxScore)
                    counts.move(sub, control, from: old, to: new)
                    units = Self.units(counts.points(sub, control, maxScore: maxScore)) - Self.units(pointsBefore)
                } else {
                    current[key] = transition.after[key]
                }
                changes.append(ScoreChange(
                    resourceId: transition.resourceId, subscriptionId: transition.subscriptionId, assessmentKey: key,
                    recommendation: catalog[key]?.displayName, control: control,
                    cause: .of(before: transition.before[key], after: transition.after[key], existedBefore: before, existsAfter: after),
                    before: transition.before[key], after: transition.after[key], pointUnits: units,
                    movedAt: transition.movedIn[key].flatMap { visibility[$0] }))
            }
        }
        var delta = ScoreDelta(from: from, to: to, changes: changes, unexplainedUnits: [:])
        var explainedBySubscription: [String: Int] = [:]
        for change in changes { explainedBySubscription[change.subscriptionId.lowercased(), default: 0] += change.pointUnits }
        for sub in delta.subscriptions {
            let explained = explainedBySubscription[sub] ?? 0
            let rest = delta.deltaUnits(subscription: sub) - explained
            if rest != 0 { delta.unexplainedUnits[sub] = rest }
        }
        return delta
    }

    /// The status a resource has in a control: its worst scored recommendation there (unhealthy
    /// over healthy over not applicable); nil when no recommendation of the control assesses it.
    static func worst(_ assessments: [String: AssessmentStatus], in control: String, controlOf: (String) -> String?) -> Assessment.Status? {
        var result: Assessment.Status?
        for (key, status) in assessments where controlOf(key) == control {
            switch (result, status.scoredStatus) {
            case (_, .unhealthy): return .unhealthy
            case (nil, let s), (.notApplicable, let s): result = s
            default: break
            }
        }
        return result
    }
}

/// Healthy and unhealthy resource counts per subscription and control, moved one resource at a time.
struct ControlCounts {
    private var counts: [String: [String: (healthy: Int, unhealthy: Int, maxScore: Double)]] = [:]

    init(_ scores: [SubscriptionScore]) {
        for s in scores {
            for c in s.controls { counts[s.subscriptionId.lowercased(), default: [:]][c.key] = (c.healthy, c.unhealthy, c.maxScore) }
        }
    }

    func maxScore(_ sub: String, _ control: String) -> Double { counts[sub]?[control]?.maxScore ?? 0 }

    /// `max × healthy / (healthy + unhealthy)`, 0 when the control counts no resource.
    func points(_ sub: String, _ control: String, maxScore: Double) -> Double {
        guard let c = counts[sub]?[control], c.healthy + c.unhealthy > 0 else { return 0 }
        return maxScore * Double(c.healthy) / Double(c.healthy + c.unhealthy)
    }

    mutating func move(_ sub: String, _ control: String, from old: Assessment.Status?, to new: Assessment.Status?) {
        guard old != new else { return }
        var c = counts[sub]?[control] ?? (0, 0, 0)
        switch old {
        case .healthy: c.healthy -= 1
        case .unhealthy: c.unhealthy -= 1
        default: break
        }
        switch new {
        case .healthy: c.healthy += 1
        case .unhealthy: c.unhealthy += 1
        default: break
        }
        counts[sub, default: [:]][control] = c
    }
}
