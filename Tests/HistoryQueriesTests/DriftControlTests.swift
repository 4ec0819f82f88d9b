import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import Testing

/// `posture drift` on regulatory controls (issue 18 item 5): the demo month's modelled control states
/// against observed compliance lists made from them with one control changed the way a reason describes.
@Suite struct DriftControlTests {
    typealias Copy = DriftTests.Copy

    /// The model's standards and controls visible at `at`, as Azure's lists would show them.
    static func modelItems(_ store: any HistoryReading, at: Date) throws -> [ObservedComplianceItem] {
        let version = try #require(try store.tenantVersion(at: at))
        let tenant = try store.snapshot(version: version.version).tenant()
        let states = try store.policyResults(visibleAt: at).states
        var items: [ObservedComplianceItem] = []
        let subscriptions = RegulatoryCompliance.bySubscription(
            tenant: tenant, states: states, catalog: RecommendationCatalog(tenant: tenant))
        for subscription in subscriptions {
            for standard in subscription.standards {
                items.append(
                    ObservedComplianceItem(
                        subscriptionId: subscription.subscriptionId, standard: standard.name, state: standard.state))
                for control in standard.controls {
                    items.append(
                        ObservedComplianceItem(
                            subscriptionId: subscription.subscriptionId, standard: standard.name,
                            control: control.name, state: control.state))
                }
            }
        }
        return items
    }

    static func record(_ items: [ObservedComplianceItem], in copy: Copy, at instant: Date) throws {
        try copy.observed.recordComplianceCycle(
            NewCycle(kind: .compliance, start: instant, visibleAt: instant, tenantVersion: nil, source: "ingest"),
            items: items)
    }

    /// A state other than both of these.
    static func other(_ a: RegulatoryState, _ b: RegulatoryState?) -> RegulatoryState {
        RegulatoryState.allCases.first { $0 != a && $0 != b }!
    }

    /// The first modelled policy cycle that changed a control's state, that control's item before it,
    /// and the model's items at the cycle.
    static func firstControlChange(_ copy: Copy) throws -> (
        cycle: Cycle, before: ObservedComplianceItem, now: [ObservedComplianceItem]
    )? {
        var previous: [[String]: ObservedComplianceItem]?
        for cycle in try copy.model.cycles() where [.policy, .scan, .change].contains(cycle.kind) {
            let now = try modelItems(copy.model, at: cycle.visibleAt)
            if let previous,
                let changed = now.first(where: { item in previous[item.key].map { $0.state != item.state } ?? false }),
                let before = previous[changed.key]
            {
                return (cycle, before, now)
            }
            previous = Dictionary(now.map { ($0.key, $0) }) { a, _ in a }
        }
        return nil
    }

    @Test(arguments: Backend.all) func theSameControlsAgree(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let at = DemoHistory.date("2026-11-20T12:00:00Z")
        let items = try Self.modelItems(copy.model, at: at)
        #expect(items.contains { $0.level == .control })
        try Self.record(items, in: copy, at: at)
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: at)
        #expect(drift.controls.compared == items.count { $0.level == .control })
        #expect(drift.controls.agree == drift.controls.compared)
        #expect(drift.controlDisagreements.isEmpty)
    }

    /// Without observed compliance there is nothing to compare controls with.
    @Test(arguments: Backend.all) func noObservedComplianceComparesNoControl(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let drift = try Drift.compute(
            model: copy.model, observed: copy.observed, at: DemoHistory.date("2026-11-20T12:00:00Z"))
        #expect(drift.controls == Drift.ControlCounts())
    }

    /// A control in another state than the model's, now and before: stateDiffers; one Azure lacks:
    /// modelOnly; one the model lacks: observedOnly.
    @Test(arguments: Backend.all) func differingAndOneSidedControls(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let at = DemoHistory.date("2026-11-20T12:00:00Z")
        var items = try Self.modelItems(copy.model, at: at)
        let cycle = try #require(try copy.model.latestPolicyCycle(visibleAt: at))
        let before = Dictionary(
            try Self.modelItems(copy.model, at: cycle.visibleAt.addingTimeInterval(-0.001)).map { ($0.key, $0) }
        ) { a, _ in a }
        let controls = items.indices.filter { items[$0].level == .control }
        try #require(controls.count >= 2)
        let flipped = controls[0]
        items[flipped].state = Self.other(items[flipped].state, before[items[flipped].key]?.state)
        let dropped = items.remove(at: controls[1])
        var extra = items[flipped]
        extra.control = "not-in-the-model"
        items.append(extra)
        try Self.record(items, in: copy, at: at)
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: at)
        let reasons = Dictionary(drift.controlDisagreements.map { ($0.control, $0.reason) }) { a, _ in a }
        #expect(reasons[items[flipped].control] == .stateDiffers)
        #expect(reasons[dropped.control] == .modelOnly)
        #expect(reasons["not-in-the-model"] == .observedOnly)
        #expect(drift.controlDisagreements.count == 3)
        #expect(drift.controls.disagree == 1)
        #expect(drift.controls.modelOnly == 1)
        #expect(drift.controls.observedOnly == 1)
    }

    /// Azure shows a control's state from before the model's newest policy cycle changed it: lag.
    @Test(arguments: Backend.all) func aControlAzureHasNotReachedYetIsLag(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let (cycle, before, now) = try #require(try Self.firstControlChange(copy))
        let shown = now.map { $0.key == before.key ? before : $0 }
        // Azure's compliance became visible ten minutes before the model's policy cycle.
        try Self.record(shown, in: copy, at: cycle.visibleAt.addingTimeInterval(-600))
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: cycle.visibleAt)
        #expect(drift.controlDisagreements.map(\.reason) == [.lag])
        #expect(drift.controlDisagreements.first?.observed == before.state)

        // Azure's next compliance, after the model's cycle, still shows the old state: not behind any more.
        let later = cycle.visibleAt.addingTimeInterval(60)
        try #require(try copy.model.latestPolicyCycle(visibleAt: later)?.seq == cycle.seq)
        try Self.record(shown, in: copy, at: later)
        let after = try Drift.compute(model: copy.model, observed: copy.observed, at: later)
        #expect(after.controlDisagreements.map(\.reason) == [.stateDiffers])
    }

    /// Azure's compliance changed after the model's newest policy cycle, and the model still shows
    /// Azure's previous state: lag too.
    @Test(arguments: Backend.all) func aControlTheModelHasNotReachedYetIsLag(_ backend: Backend) throws {
        let copy = try Copy(backend)
        let (cycle, _, now) = try #require(try Self.firstControlChange(copy))
        let first = cycle.visibleAt.addingTimeInterval(60)
        let second = cycle.visibleAt.addingTimeInterval(120)
        try #require(try copy.model.latestPolicyCycle(visibleAt: second)?.seq == cycle.seq)
        try Self.record(now, in: copy, at: first)
        let index = try #require(now.firstIndex { $0.level == .control })
        var ahead = now
        ahead[index].state = Self.other(now[index].state, nil)
        try Self.record(ahead, in: copy, at: second)
        let drift = try Drift.compute(model: copy.model, observed: copy.observed, at: second)
        #expect(drift.controlDisagreements.map(\.reason) == [.lag])
        #expect(drift.controlDisagreements.first?.model == now[index].state)
    }
}
