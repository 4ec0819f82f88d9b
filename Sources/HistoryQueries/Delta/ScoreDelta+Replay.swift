import Defender
import Foundation
import History
import PolicyModel

extension ScoreDelta {
    /// Attributes the move between two sides to the assessment moves between them.
    ///
    /// - Parameters:
    ///   - moves: the resources whose assessments moved, with all their assessments at each side.
    ///   - catalog: which control each recommendation scores in, and the controls' max points.
    ///   - existedBefore, existsAfter: whether a resource existed at each side (new and deleted resources).
    ///   - visibility: when each cycle (by number) became visible, to date the moves.
    ///   - mitigated: how the stored scores counted Mitigated exemptions (the tenant's setting).
    package static func replay(
        from: Side, to: Side, moves: AssessmentMoves, catalog: RecommendationCatalog,
        existedBefore: (ResourceID) -> Bool, existsAfter: (ResourceID) -> Bool, visibility: [Int: Date] = [:],
        mitigated: MitigatedExemptions = .healthy
    ) -> ScoreDelta {
        var index = ReplayIndex()
        let subscriptionOf = moves.subscriptions.map { index.subscription($0) }
        let controlOf = moves.keys.map { key in catalog.scoredControl(of: key).map { index.control($0) } }
        let displayNames = moves.keys.map { catalog[$0]?.displayName }
        var counts = ControlCounts(from.scores, to.scores, index: &index, catalog: catalog)
        // Without a side's controls, no count to move: the subscription's move stays unattributed.
        let withoutControls = Set(
            (from.scores + to.scores).filter { !$0.controlsKnown }.map { index.subscription($0.subscriptionId) })
        // A subscription scored at neither instant (assessments observed, no score): nothing to move either.
        let scored = Set((from.scores + to.scores).map { index.subscription($0.subscriptionId) })
        var decoded: [StatusCode: AssessmentStatus?] = [:]
        func status(_ code: StatusCode) -> AssessmentStatus? {
            if let known = decoded[code] { return known }
            let status = moves.status(code)
            decoded[code] = .some(status)
            return status
        }
        var changes: [ScoreChange] = []
        var explained = [Int](repeating: 0, count: index.subscriptions.count)
        var current: [StatusCode] = []
        for resource in moves.resources {
            let sub = subscriptionOf[resource.subscription]
            let pairs = moves.pairs[resource.pairs]
            current.removeAll(keepingCapacity: true)
            current.append(contentsOf: pairs.lazy.map(\.before))
            for (offset, pair) in zip(0..., pairs) where pair.moved {
                var units = 0
                if let control = controlOf[pair.key], scored.contains(sub), !withoutControls.contains(sub) {
                    let old = worst(pairs, current, in: control, controlOf: controlOf, mitigated: mitigated)
                    current[offset] = pair.after
                    let new = worst(pairs, current, in: control, controlOf: controlOf, mitigated: mitigated)
                    units = counts.move(sub, control, from: old, to: new)
                } else {
                    current[offset] = pair.after
                }
                explained[sub] += units
                let before = status(pair.before)
                let after = status(pair.after)
                changes.append(
                    ScoreChange(
                        resourceId: resource.id, subscriptionId: moves.subscriptions[resource.subscription],
                        assessmentKey: moves.keys[pair.key], recommendation: displayNames[pair.key],
                        control: controlOf[pair.key].map { index.controls[$0] },
                        cause: .of(
                            before: before, after: after, existedBefore: before != nil || existedBefore(resource.id),
                            existsAfter: after != nil || existsAfter(resource.id), mitigated: mitigated),
                        before: before, after: after, pointUnits: units,
                        movedAt: pair.movedIn.flatMap { visibility[$0] }))
            }
        }
        var delta = ScoreDelta(from: from, to: to, changes: changes, unexplainedUnits: [:])
        for sub in delta.subscriptions {
            let rest = delta.deltaUnits(subscription: sub) - explained[index.subscription(sub)]
            if rest != 0 { delta.unexplainedUnits[sub] = rest }
        }
        return delta
    }

    /// The status a resource has in a control: its worst scored recommendation there (unhealthy
    /// over healthy over not applicable, Mitigated exemptions as `mitigated` says); nil when no
    /// recommendation of the control assesses it.
    static func worst(
        _ pairs: ArraySlice<AssessmentMoves.Pair>, _ current: [StatusCode], in control: Int, controlOf: [Int?],
        mitigated: MitigatedExemptions
    ) -> Assessment.Status? {
        var result: Assessment.Status?
        for (offset, pair) in zip(0..., pairs) where controlOf[pair.key] == control {
            switch (result, current[offset].scored(mitigated: mitigated)) {
            case (_, .unhealthy): return .unhealthy
            case (_, nil): break
            case (nil, let s), (.notApplicable, let s): result = s
            default: break
            }
        }
        return result
    }
}
