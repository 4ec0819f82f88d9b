import Foundation
import GRDB
import HistoryTestSupport
import PolicyModel
import Testing

@testable import History

/// Schema step `v3 unevaluated policies`: a policy cycle records how many policies were assigned
/// and which were skipped and why; cycles recorded before it keep unknown (nil) counts.
@Suite struct UnevaluatedCycleTests {
    static let skipped = [
        UnevaluatedPolicy(
            assignmentId: "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a",
            definitionId: "/providers/Microsoft.Authorization/policyDefinitions/aks", referenceId: "aks",
            reason: .resourceProviderMode, detail: "Microsoft.Kubernetes.Data"),
        UnevaluatedPolicy(
            assignmentId: "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a",
            definitionId: "/providers/Microsoft.Authorization/policyDefinitions/x", referenceId: nil,
            reason: .unknownAlias, detail: "'Microsoft.X/y/z' is not an alias in the alias table"),
    ]

    @Test(arguments: Backend.all) func aPolicyCycleRecordsWhatItSkipped(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let new = NewCycle(
            kind: .policy, start: HistoryFixture.date("2026-11-01T05:00:00Z"),
            visibleAt: HistoryFixture.date("2026-11-01T07:00:00Z"), tenantVersion: nil, assignedPolicies: 10,
            unevaluated: Self.skipped)
        let cycle = try db.store.recordPolicyCycle(
            new, results: PolicyResults(states: [HistoryFixture.state(1, .compliant)]))
        #expect(cycle.assignedPolicies == 10 && cycle.unevaluatedPolicies == 2)
        #expect(try db.store.cycles() == [cycle])
        #expect(Set(try db.store.unevaluatedPolicies(seq: cycle.seq)) == Set(Self.skipped))
        #expect(try db.store.latestPolicyCycle(visibleAt: HistoryFixture.date("2026-11-01T06:59:00Z")) == nil)
        #expect(
            try db.store.latestPolicyCycle(visibleAt: HistoryFixture.date("2026-11-01T07:00:00Z"))?.seq == cycle.seq)
        #expect(try db.store.dump().contains("Microsoft.Kubernetes.Data"))
    }

    @Test(arguments: Backend.all) func anIngestedCycleHasNoCounts(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let new = NewCycle(
            kind: .policy, start: HistoryFixture.date("2026-11-01T05:00:00Z"),
            visibleAt: HistoryFixture.date("2026-11-01T07:00:00Z"), tenantVersion: nil, source: "ingest")
        let cycle = try db.store.recordPolicyCycle(
            new, results: PolicyResults(states: [HistoryFixture.state(1, .compliant)]))
        #expect(cycle.assignedPolicies == nil && cycle.unevaluatedPolicies == nil)
    }

    /// SQLite only: an old SQLite file, its schema made by the SQLite migrator.
    @Test func aHistoryRecordedBeforeTheStepMigratesWithUnknownCounts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-v2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("history.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try HistoryStore.migrator.migrate(queue, upTo: "v2 score delta")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO cycles (seq, kind, start, visible_at, tenant_version, source, status, result_count, changed_count)
                        VALUES (1, 'policy', 0, 3600, NULL, 'engine', 'completed', 5, 5)
                        """)
            }
        }
        let store = try HistoryStore(path: path)
        let cycles = try store.cycles()
        #expect(cycles.count == 1)
        #expect(cycles.first?.assignedPolicies == nil && cycles.first?.unevaluatedPolicies == nil)
        #expect(try store.unevaluatedPolicies(seq: 1).isEmpty)
    }
}
