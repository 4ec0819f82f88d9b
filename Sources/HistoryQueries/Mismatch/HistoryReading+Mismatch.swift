import Defender
import Foundation
import History
import PolicyModel

extension HistoryReading {
    /// Where Azure Policy and Defender disagree at `instant`, in both directions:
    ///
    /// - policy → Defender: for each (resource, recommendation) fed by policy, Defender's
    ///   reconciliation of the policy states visible at `instant` (with the tenant's findings and
    ///   the assessments shown) differs in status or cause from the assessment Defender shows. Since:
    ///   the visibility of the policy cycle that first showed the state (or of the Defender cycle,
    ///   when the states did not change after Defender read them). Expected end: the first Defender
    ///   cycle starting at or after that.
    /// - Defender → policy (the two-way loop): Defender shows a native assessment that a policy
    ///   reads (AuditIfNotExists on `Microsoft.Security/assessments` of that name), and the policy's
    ///   state says otherwise (Healthy or NotApplicable ↔ Compliant, Unhealthy ↔ NonCompliant).
    ///   Since: the visibility of the Defender cycle that published the status. Expected end: the
    ///   first policy cycle or scan starting at or after that.
    ///
    /// Sorted by since, resource, recommendation. Empty for an empty history.
    package func mismatches(at instant: Date) throws -> [Mismatch] {
        guard let tenant = try tenant(at: instant) else { return [] }
        let detector = MismatchDetector(tenant: tenant)
        let results = try policyResults(visibleAt: instant)
        let shown = try assessments(visibleAt: instant)
        let shownByPair = Dictionary(shown.map { ($0.pairKey, $0) }) { a, _ in a }
        let history = try cycles()
        let shownCycle = try latestCycle(of: [.defender], visibleAt: instant)
        let reconciled = detector.reconcile(results, previous: shown, at: instant)
        let pairs = detector.disagreements(reconciled: reconciled, shown: shown)
        let since = try policySince(
            pairs, current: reconciled, detector: detector, history: history, shownCycle: shownCycle, at: instant)
        let statesByResource = Dictionary(grouping: results.states) { $0.resourceId.key }
        var found: [Mismatch] = []
        for pair in pairs {
            guard let resourceId = reconciled[pair]?.resourceId ?? shownByPair[pair]?.resourceId,
                let began = since[pair]
            else { continue }
            found.append(
                Mismatch(
                    direction: .policyToDefender, resourceId: resourceId, recommendationKey: pair.assessment,
                    recommendationName: detector.displayName(pair.assessment),
                    policyState: detector.feedingState(pair, in: statesByResource[pair.resource] ?? []),
                    reconciled: reconciled[pair], defender: shownByPair[pair], since: began,
                    expectedResolution: history.first {
                        $0.kind == .defender && $0.start >= began && $0.visibleAt > instant
                    }?.visibleAt))
        }
        for (state, assessment) in detector.nativeDisagreements(states: results.states, shown: shown) {
            let published =
                history.first { $0.kind == .defender && $0.start == assessment.statusChangeDate }?.visibleAt
                ?? assessment.statusChangeDate
            found.append(
                Mismatch(
                    direction: .defenderToPolicy, resourceId: state.resourceId, recommendationKey: assessment.key,
                    recommendationName: detector.displayName(assessment.key), policyState: state, reconciled: nil,
                    defender: assessment, since: published,
                    expectedResolution: history.first {
                        ($0.kind == .policy || $0.kind == .scan) && $0.start >= published && $0.visibleAt > instant
                    }?.visibleAt))
        }
        return found.sorted {
            ($0.since, $0.resourceId, $0.recommendationKey, $0.direction.rawValue)
                < ($1.since, $1.resourceId, $1.recommendationKey, $1.direction.rawValue)
        }
    }

    /// When each disagreeing pair's reconciled outcome became what it is now. Walks back from
    /// `at` through the policy cycles visible after the shown Defender cycle started, then the
    /// states that Defender cycle read: the outcome dates from the oldest point of the trailing
    /// run equal to now; when even Defender's input gives it, Defender moved last, at its visibility.
    private func policySince(
        _ pairs: [Assessment.PairKey], current: [Assessment.PairKey: Assessment], detector: MismatchDetector,
        history: [Cycle], shownCycle: Cycle?, at instant: Date
    ) throws -> [Assessment.PairKey: Date] {
        var since = Dictionary(uniqueKeysWithValues: pairs.map { ($0, instant) })
        guard !pairs.isEmpty else { return since }
        let outcome = { (pair: Assessment.PairKey, map: [Assessment.PairKey: Assessment]) in
            map[pair].map(MismatchDetector.Outcome.init)
        }
        let resources = Set(pairs.map { ResourceID($0.resource) })
        let boundary = shownCycle?.start ?? .distantPast
        // (instant the states are read at, instant the point dates the outcome from), newest first.
        var points = history.filter {
            [.policy, .scan, .change].contains($0.kind) && $0.visibleAt <= instant && $0.visibleAt > boundary
        }
        .sorted { $0.seq > $1.seq }.map { (read: $0.visibleAt, dates: $0.visibleAt) }
        if let shownCycle { points.append((read: shownCycle.start, dates: shownCycle.visibleAt)) }
        var open = Set(pairs)
        for point in points where !open.isEmpty {
            let then = detector.reconcile(
                try policyResults(visibleAt: point.read), previous: [], at: point.read, resources: resources)
            for pair in open {
                if outcome(pair, then) == outcome(pair, current) {
                    since[pair] = point.dates
                } else {
                    open.remove(pair)
                }
            }
        }
        return since
    }
}
