import Defender
import Foundation
import GRDB
import PolicyModel
import Testing

@testable import History

/// Schema step v4: what Azure showed is kept apart from what the model computed (issue 18 item 1).
@Suite struct ObservedStreamTests {
    typealias F = HistoryFixture

    @Test func observedCyclesNeverTouchModelledRows() throws {
        let db = try TemporaryDatabase()
        let model = db.store
        let at = F.date("2026-11-01T05:00:00Z")
        try model.recordPolicyCycle(
            NewCycle(kind: .policy, start: at, visibleAt: at, tenantVersion: nil),
            results: PolicyResults(states: [F.state(1, .nonCompliant), F.state(2, .compliant)]))
        let observed = try HistoryStore(path: model.path, stream: .observed)
        // Earlier than the modelled cycle: each stream is ordered on its own.
        let before = F.date("2026-11-01T03:00:00Z")
        let cycle = try observed.recordPolicyCycle(
            NewCycle(kind: .policy, start: before, visibleAt: before, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .compliant)]))
        #expect(cycle.seq == 1)
        #expect(try model.policyResults(visibleAt: at).states.map(\.complianceState) == [.nonCompliant, .compliant])
        #expect(try observed.policyResults(visibleAt: at).states.map(\.complianceState) == [.compliant])
        #expect(try model.cycles().map(\.source) == ["engine"])
        #expect(try observed.cycles().map(\.source) == ["ingest"])
        let reader = try HistoryStore(readingFrom: model.path, stream: .observed)
        #expect(try reader.policyResults(visibleAt: at).states.count == 1)
        #expect(try model.holdsObservedCycles())
        // The model's dump names the observed rows after its own.
        #expect(try model.dump().contains("# observed_policy_states\n1|"))
    }

    @Test func aSecondObservedCycleClosesOnlyObservedIntervals() throws {
        let db = try TemporaryDatabase()
        let observed = try HistoryStore(path: db.store.path, stream: .observed)
        let day1 = F.date("2026-11-01T05:00:00Z")
        let day2 = F.date("2026-11-02T05:00:00Z")
        try observed.recordPolicyCycle(
            NewCycle(kind: .policy, start: day1, visibleAt: day1, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .nonCompliant)]))
        try observed.recordPolicyCycle(
            NewCycle(kind: .policy, start: day2, visibleAt: day2, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .compliant)]))
        #expect(try observed.policyResults(visibleAt: day1).states.map(\.complianceState) == [.nonCompliant])
        #expect(try observed.policyResults(visibleAt: day2).states.map(\.complianceState) == [.compliant])
        #expect(try db.store.cycles().isEmpty)
    }

    @Test func aHistoryFromBeforeTheStepUpgrades() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try HistoryStore.migrator.migrate(queue, upTo: "v3 unevaluated policies")
        try queue.close()
        #expect(throws: HistoryError.self) { try HistoryStore(readingFrom: path) }
        let store = try HistoryStore(path: path)
        #expect(try store.holdsObservedCycles() == false)
        #expect(try HistoryStore(readingFrom: path, stream: .observed).cycles().isEmpty)
    }
}
