import Defender
import Foundation
import History
import PolicyModel

/// The model against what Azure showed at one instant, for the assessments visible then on each
/// side: which (resource, recommendation) pairs agree, and why the others do not.
package struct Drift: Sendable, Equatable {
    /// Why a pair disagrees.
    package enum Reason: String, Sendable, CaseIterable {
        /// The recommendation's policy is in a resource-provider mode or names an alias the table
        /// lacks: the model did not evaluate it.
        case notModeled
        /// The observed side has not yet run the cycle that changed the model, and agrees with the
        /// model's previous visible state.
        case lag
        /// The pair exists in the model alone.
        case modelOnly
        /// The pair exists in what Azure showed alone.
        case observedOnly
        /// Anything else: the cases worth a look.
        case stateDiffers
    }

    /// One pair that does not agree.
    package struct Disagreement: Sendable, Equatable {
        package var resourceId: String
        package var subscriptionId: String
        package var assessmentKey: String
        package var model: Assessment.Status?
        package var observed: Assessment.Status?
        package var reason: Reason
    }

    /// A subscription's score on each side (nil where that side has none visible).
    package struct SubscriptionScores: Sendable, Equatable {
        package var subscriptionId: String
        package var model: ScoreDetails?
        package var observed: ScoreDetails?
    }

    /// Agreement of a group of pairs (a subscription, a recommendation).
    package struct Agreement: Sendable, Equatable {
        package var key: String
        package var agree: Int
        package var pairs: Int
        /// `agree / pairs`, 1 when there are none.
        package var rate: Double { pairs == 0 ? 1 : Double(agree) / Double(pairs) }
    }

    package var at: Date
    /// Pairs on both sides.
    package var compared: Int
    package var agree: Int
    /// Pairs on both sides whose statuses differ.
    package var disagree: Int
    package var modelOnly: Int
    package var observedOnly: Int
    package var subscriptions: [SubscriptionScores]
    /// Every pair that does not agree (one-sided pairs included), by resource and key.
    package var disagreements: [Disagreement]
    /// Agreement per subscription and per recommendation, by key.
    package var bySubscription: [Agreement]
    package var byRecommendation: [Agreement]
    /// The regulatory controls compared (`compareControls`), and those that do not agree, by
    /// subscription, standard and control.
    package var controls = ControlCounts()
    package var controlDisagreements: [ControlDisagreement] = []
}

extension Drift {
    /// Compares `model` and `observed` (the same history opened on each stream) at `at`. A
    /// disagreement is `notModeled` when the recommendation's policy is among those the newest
    /// modelled policy cycle did not evaluate for its mode or an unknown alias; else `lag` when one side
    /// has not yet run the cycle that changed the other: the model's newest Defender cycle became
    /// visible after Azure's, and Azure's status is the one the model showed when Azure's newest cycle
    /// became visible (or first showed after it; the model changed since); or the mirror, Azure ahead. A side that ran a Defender
    /// cycle after the other's change and still differs is not lagging. Else `modelOnly`/`observedOnly` for a one-sided pair; else
    /// `stateDiffers`. Regulatory controls are compared too (`compareControls`).
    package static func compute(model: any HistoryReading, observed: any HistoryReading, at: Date) throws -> Drift {
        let modelSide = Dictionary(try model.assessments(visibleAt: at).map { ($0.pairKey, $0) }) { a, _ in a }
        let observedSide = Dictionary(try observed.assessments(visibleAt: at).map { ($0.pairKey, $0) }) { a, _ in a }
        let modelLatest = try model.latestCycle(of: [.defender], visibleAt: at)
        let observedLatest = try observed.latestCycle(of: [.defender], visibleAt: at)
        // Which side ran its newest Defender cycle last: only the other one can be lagging behind it.
        var observedAhead = false
        var modelAhead = modelLatest != nil
        if let o = observedLatest, let m = modelLatest {
            observedAhead = o.visibleAt > m.visibleAt
            modelAhead = m.visibleAt > o.visibleAt
        }
        // What the side ahead showed when the lagging side's newest cycle became visible: a lagging side
        // still agrees with it.
        let previous = modelAhead ? try shown(by: model, whenVisible: observedLatest) : nil
        let observedPrevious = observedAhead ? try shown(by: observed, whenVisible: modelLatest) : nil
        let notModeled = try unmodelledKeys(model: model, at: at)
        var result = Drift(
            at: at, compared: 0, agree: 0, disagree: 0, modelOnly: 0, observedOnly: 0, subscriptions: [],
            disagreements: [], bySubscription: [], byRecommendation: [])
        var bySubscription: [String: Agreement] = [:]
        var byRecommendation: [String: Agreement] = [:]
        for key in Set(modelSide.keys).union(observedSide.keys) {
            let m = modelSide[key]
            let o = observedSide[key]
            guard let either = m ?? o else { continue }
            let subscription = either.subscriptionId.lowercased()
            let agrees = m != nil && o != nil && m?.status == o?.status
            switch (m, o) {
            case (_?, _?):
                result.compared += 1
                if agrees { result.agree += 1 } else { result.disagree += 1 }
            case (_?, nil): result.modelOnly += 1
            default: result.observedOnly += 1
            }
            bySubscription[subscription, default: Agreement(key: subscription, agree: 0, pairs: 0)].count(agrees)
            byRecommendation[key.assessment, default: Agreement(key: key.assessment, agree: 0, pairs: 0)].count(agrees)
            guard !agrees else { continue }
            let reason =
                notModeled.contains(key.assessment)
                ? .notModeled
                : Reason.of(
                    model: m?.status, observed: o?.status, modelShowed: previous.map { $0[key]?.status },
                    observedShowed: observedPrevious.map { $0[key]?.status })
            result.disagreements.append(
                Disagreement(
                    resourceId: either.resourceId.rawValue, subscriptionId: either.subscriptionId,
                    assessmentKey: either.key, model: m?.status, observed: o?.status, reason: reason))
        }
        result.disagreements.sort {
            ($0.resourceId.lowercased(), $0.assessmentKey) < ($1.resourceId.lowercased(), $1.assessmentKey)
        }
        result.bySubscription = bySubscription.values.sorted { $0.key < $1.key }
        result.byRecommendation = byRecommendation.values.sorted { $0.key < $1.key }
        let modelScores = try model.scores(visibleAt: at)?.scores ?? []
        let observedScores = try observed.scores(visibleAt: at)?.scores ?? []
        let modelBy = Dictionary(modelScores.map { ($0.subscriptionId.lowercased(), $0.score) }) { a, _ in a }
        let observedBy = Dictionary(observedScores.map { ($0.subscriptionId.lowercased(), $0.score) }) { a, _ in a }
        result.subscriptions = Set(modelBy.keys).union(observedBy.keys).sorted().map {
            SubscriptionScores(subscriptionId: $0, model: modelBy[$0], observed: observedBy[$0])
        }
        (result.controls, result.controlDisagreements) = try compareControls(model: model, observed: observed, at: at)
        return result
    }

    /// The assessments `store` showed when `cycle` (the other side's) became visible, or, had it shown
    /// none yet, the first it showed after; nil without that cycle or any since.
    private static func shown(
        by store: any HistoryReading, whenVisible cycle: Cycle?
    ) throws -> [Assessment.PairKey: Assessment]? {
        guard let instant = try referenceInstant(store, kinds: [.defender], since: cycle?.visibleAt) else {
            return nil
        }
        return Dictionary(try store.assessments(visibleAt: instant).map { ($0.pairKey, $0) }) { a, _ in a }
    }

    /// `instant` when `store` had a cycle of `kinds` visible then; else when its first such cycle after
    /// `instant` became visible; nil without `instant` or any such cycle.
    static func referenceInstant(_ store: any HistoryReading, kinds: Set<Cycle.Kind>, since instant: Date?) throws
        -> Date?
    {
        guard let instant else { return nil }
        if try store.latestCycle(of: kinds, visibleAt: instant) != nil { return instant }
        return try store.cycles().first { kinds.contains($0.kind) && $0.visibleAt > instant }?.visibleAt
    }

    /// The assessment keys whose recommendation's policy the newest modelled policy cycle visible at
    /// `at` left unevaluated for its resource-provider mode or an alias the table lacks.
    static func unmodelledKeys(model: any HistoryReading, at: Date) throws -> Set<String> {
        guard let cycle = try model.latestPolicyCycle(visibleAt: at) else { return [] }
        let skipped = Set(
            try model.unevaluatedPolicies(seq: cycle.seq)
                .filter { $0.reason == .resourceProviderMode || $0.reason == .unknownAlias }
                .map { $0.definitionId.lowercased() })
        // The catalog (definitions and recommendations alone, not the resources) only when needed.
        guard !skipped.isEmpty, let version = try model.tenantVersion(at: at)?.version else { return [] }
        return Set(
            try ScoreModel.catalog(store: model, version: version).recommendations.values.compactMap { r in
                guard let policy = r.policyDefinitionId, skipped.contains(policy.rawValue.lowercased()) else {
                    return nil
                }
                return r.key
            })
    }
}

extension Drift.Reason {
    /// Why `model` and `observed` (one pair's or control's states, nil where that side lacks it)
    /// disagree, the case of a resource-provider mode or unknown alias aside: `lag` when the side
    /// behind still shows what the side ahead showed when the one behind last ran (`modelShowed`: the
    /// model's, given only when the model is ahead; `observedShowed`: Azure's, only when Azure is
    /// ahead) and the side ahead changed since; else one-sided, else `stateDiffers`.
    static func of<State: Equatable>(
        model: State?, observed: State?, modelShowed: State??, observedShowed: State??
    ) -> Drift.Reason {
        if let before = modelShowed, before != model, before == observed { return .lag }
        if let before = observedShowed, before != observed, before == model { return .lag }
        if observed == nil { return .modelOnly }
        if model == nil { return .observedOnly }
        return .stateDiffers
    }
}

extension Drift.Agreement {
    mutating func count(_ agrees: Bool) {
        pairs += 1
        if agrees { agree += 1 }
    }
}
