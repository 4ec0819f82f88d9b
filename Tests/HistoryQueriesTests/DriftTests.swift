import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import Testing

/// `posture drift`'s reasons (issue 18 item 2), each from a history whose observed side is the
/// demo month's model with one pair changed the way that reason describes.
@Suite struct DriftTests {
    /// A writable copy of the demo history, with a store on each stream.
    final class Copy {
        let history: TemporaryHistory
        let model: any HistoryWriting
        let observed: any HistoryWriting

        init(_ backend: Backend) throws {
            history = try DemoHistory.copy(backend)
            model = history.store
            observed = try history.open(stream: .observed)
        }

        func record(_ assessments: [Assessment], at instant: Date) throws {
            try observed.recordDefenderCycle(
                NewCycle(kind: .defender, start: instant, visibleAt: instant, tenantVersion: nil, source: "ingest"),
                assessments: assessments)
        }
    }

    static func flipped(_ a: Assessment) -> Assessment {
        var b = a
        b.status = a.status == .healthy ? .unhealthy : .healthy
        return b
    }

    @Test(arguments: Backend.all) func theSameResultsAgreeEverywhere(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let at = DemoHistory.date("2026-11-20T12:00:00Z")
        try copy.record(try copy.model.assessments(visibleAt: at), at: at)
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: at)
        #expect(drift.compared > 100)
        #expect(drift.agree == drift.compared)
        #expect(drift.disagreements.isEmpty)
        #expect(drift.bySubscription.allSatisfy { $0.rate == 1 })
    }

    /// Azure has not run the cycle that changed the model, and shows the model's previous state: lag.
    @Test(arguments: Backend.all) func aPairAzureHasNotReachedYetIsLag(_ backend: Backend) throws {
        let copy = try Copy(backend)
        // The first modelled Defender cycle that changed a status, and one pair it changed.
        var found: (cycle: Cycle, before: Assessment)?
        var previous: [Assessment.PairKey: Assessment] = [:]
        for cycle in try copy.model.cycles() where cycle.kind == .defender {
            let now = try copy.model.assessments(asOfCycle: cycle.seq)
            let changed = now.first { a in previous[a.pairKey].map { $0.status != a.status } ?? false }
            if let changed {
                found = (cycle, previous[changed.pairKey]!)
                break
            }
            previous = Dictionary(now.map { ($0.pairKey, $0) }) { a, _ in a }
        }
        let (cycle, before) = try #require(found)
        let shown = try copy.model.assessments(asOfCycle: cycle.seq).map { $0.pairKey == before.pairKey ? before : $0 }
        // Azure's newest Defender cycle became visible ten minutes before the model's.
        try copy.record(shown, at: cycle.visibleAt.addingTimeInterval(-600))
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: cycle.visibleAt)
        #expect(drift.disagreements.map(\.reason) == [.lag])
        #expect(drift.disagreements.first?.observed == before.status)

        // The model's next Defender cycle keeps the change: Azure, which has not run since, still lags.
        let next = try #require(try copy.model.cycles().first { $0.kind == .defender && $0.seq > cycle.seq })
        let kept = try copy.model.assessments(asOfCycle: next.seq).first { $0.pairKey == before.pairKey }
        try #require(kept != nil && kept?.status != before.status)
        let later = try Drift.compute(model: copy.model, observed: copy.observed, at: next.visibleAt)
        #expect(later.disagreements.filter { $0.assessmentKey == before.key }.map(\.reason) == [.lag])

        // Azure then runs a Defender cycle after the model's and still shows the old state: it is
        // not behind any more, so the pair is worth a look.
        try copy.record(shown, at: next.visibleAt.addingTimeInterval(600))
        let after = try Drift.compute(
            model: copy.model, observed: copy.observed, at: next.visibleAt.addingTimeInterval(900))
        let pair = after.disagreements.filter {
            $0.assessmentKey == before.key && $0.resourceId == before.resourceId.rawValue
        }
        #expect(pair.map(\.reason) == [.stateDiffers])
    }

    /// Azure ran the cycle first (its Defender cycle is visible before the model's): the model still
    /// shows Azure's previous state, which is lag too, not a state that differs.
    @Test(arguments: Backend.all) func aPairTheModelHasNotReachedYetIsLag(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let defender = try copy.model.cycles().filter { $0.kind == .defender }
        var found: (previous: Cycle, cycle: Cycle)?
        for (previous, cycle) in zip(defender, defender.dropFirst()) {
            let before = Dictionary(try copy.model.assessments(asOfCycle: previous.seq).map { ($0.pairKey, $0.status) })
            {
                a, _ in a
            }
            if try copy.model.assessments(asOfCycle: cycle.seq).contains(where: { before[$0.pairKey] != $0.status }) {
                found = (previous, cycle)
                break
            }
        }
        let (previous, cycle) = try #require(found)
        try copy.record(try copy.model.assessments(asOfCycle: previous.seq), at: previous.visibleAt)
        try copy.record(try copy.model.assessments(asOfCycle: cycle.seq), at: cycle.visibleAt.addingTimeInterval(-600))
        let drift = try Drift.compute(
            model: copy.model, observed: copy.observed, at: cycle.visibleAt.addingTimeInterval(-60))
        #expect(!drift.disagreements.isEmpty)
        #expect(drift.disagreements.allSatisfy { $0.reason == .lag }, "\(drift.disagreements.map(\.reason))")

        // Once the model's cycle is visible too, both sides show the same cycle's results.
        let caughtUp = try Drift.compute(model: copy.model, observed: copy.observed, at: cycle.visibleAt)
        #expect(caughtUp.disagreements.isEmpty, "\(caughtUp.disagreements.map(\.reason))")
    }

    @Test(arguments: Backend.all) func oneSidedAndDifferingPairsAndUnmodelledPolicies(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let lastVisible = try #require(try copy.model.lastCycle()?.visibleAt)
        let policyAt = lastVisible.addingTimeInterval(3_600)
        // A modelled policy cycle that could not evaluate one recommendation's policy (a
        // resource-provider mode): that recommendation is not modelled from then on.
        let tenant = try #require(try copy.model.tenant(at: lastVisible))
        let catalog = RecommendationCatalog(tenant: tenant)
        let shown = try copy.model.assessments(visibleAt: policyAt)
        let keys = Set(shown.map(\.key))
        let unmodelled = try #require(
            catalog.recommendations.values.filter { $0.policyDefinitionId != nil && keys.contains($0.key) }
                .min { $0.key < $1.key })
        try copy.model.recordPolicyCycle(
            NewCycle(
                kind: .policy, start: policyAt, visibleAt: policyAt,
                tenantVersion: try copy.model.tenantVersion(at: lastVisible)?.version, assignedPolicies: 1,
                unevaluated: [
                    UnevaluatedPolicy(
                        assignmentId: "/providers/Microsoft.Management/managementGroups/contoso"
                            + "/providers/Microsoft.Authorization/policyAssignments/x",
                        definitionId: unmodelled.policyDefinitionId!.rawValue, referenceId: nil,
                        reason: .resourceProviderMode,
                        detail: "Microsoft.Kubernetes.Data")
                ]),
            results: try copy.model.policyResults(visibleAt: lastVisible))
        let others = shown.filter { $0.key != unmodelled.key }
        let notModelled = try #require(shown.first { $0.key == unmodelled.key })
        let differs = others[0]
        let gone = others[1]
        var extra = others[2]
        extra.key = "00000000-0000-0000-0000-00000000beef"
        var observed = shown.filter { $0.pairKey != gone.pairKey }.map { a -> Assessment in
            a.pairKey == notModelled.pairKey || a.pairKey == differs.pairKey ? Self.flipped(a) : a
        }
        observed.append(extra)
        let at = policyAt.addingTimeInterval(3_600)
        try copy.record(observed, at: at)
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: at)
        let reasons = Dictionary(
            drift.disagreements.map { ("\($0.resourceId.lowercased())|\($0.assessmentKey)", $0.reason) }
        ) { a, _ in a }
        func key(_ a: Assessment) -> String { "\(a.resourceId.rawValue.lowercased())|\(a.key)" }
        #expect(
            reasons == [
                key(notModelled): .notModeled, key(differs): .stateDiffers, key(gone): .modelOnly,
                key(extra): .observedOnly,
            ])
        #expect(drift.modelOnly == 1 && drift.observedOnly == 1 && drift.disagree == 2)
        #expect(drift.compared == shown.count - 1)
        let rate = try #require(drift.byRecommendation.first { $0.key == extra.key })
        #expect(rate.rate == 0)
    }
}
