import Foundation
import TestSupport
import Testing

/// History commands refuse what the history cannot answer, rather than print zeros or agreement:
/// an instant before the history (or its first score), a question an observed-only history cannot
/// answer without a recorded tenant, a calibration without observed cycles.
@Suite struct ObservedQueryRefusalTests {
    static let sub = "aaaaaaaa-0000-4000-8000-000000000001"
    static let schedule = TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path

    /// An observed-only history: policy states visible at 08:00, assessments at 12:00, a score at 14:00.
    static func observedOnly() throws -> URL {
        let folder = try PostureProcess.scratch()
        let vm = "/subscriptions/\(sub)/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
        let states =
            #"[{"timestamp": "2026-05-09T08:00:00Z", "resourceId": "\#(vm)", "#
            + #""policyAssignmentId": "/subscriptions/\#(sub)/providers/Microsoft.Authorization/policyAssignments/a", "#
            + #""policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/d", "#
            + #""complianceState": "NonCompliant"}]"#
        let assessments =
            #"{"value": [{"id": "\#(vm)/providers/Microsoft.Security/assessments/k1", "name": "k1", "#
            + #""properties": {"resourceDetails": {"id": "\#(vm)"}, "status": {"code": "Unhealthy"}}}]}"#
        let scores =
            #"{"value": [{"id": "/subscriptions/\#(sub)/providers/Microsoft.Security/secureScores/ascScore", "#
            + #""properties": {"score": {"max": 10, "current": 6}, "weight": 1}}]}"#
        for (name, text) in [("s.json", states), ("a.json", assessments), ("c.json", scores)] {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        for arguments in [
            ["ingest", "states", "s.json"],
            ["ingest", "assessments", "a.json", "--visible-at", "2026-05-09T12:00:00Z"],
            ["ingest", "scores", "c.json", "--visible-at", "2026-05-09T14:00:00Z"],
        ] {
            let result = try PostureProcess.run(arguments + ["--db", "h.sqlite"], in: folder)
            #expect(result.code == 0, "\(arguments): \(result.stderr)")
        }
        return folder
    }

    static func refused(_ arguments: [String], in folder: URL, saying text: String) throws {
        let result = try PostureProcess.run(arguments, in: folder)
        #expect(result.code == 2, "\(arguments): \(result.stdout) \(result.stderr)")
        #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
    }

    @Test func driftBeforeTheHistoryIsRefused() throws {
        let folder = try Self.observedOnly()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.refused(
            ["drift", "--db", "h.sqlite", "--at", "2026-05-01T00:00:00Z"], in: folder,
            saying: "history starts at 2026-05-09T08:00:00Z")
    }

    /// Before the first score computation there is no score to print, on either stream.
    @Test func scoreBeforeTheFirstScoreIsRefused() throws {
        let folder = try Self.observedOnly()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.refused(
            ["score", "--source", "observed", "--db", "h.sqlite", "--at", "2026-05-09T13:00:00Z"], in: folder,
            saying: "no observed secure score was visible yet at 2026-05-09T13:00:00Z; the first became visible at "
                + "2026-05-09T14:00:00Z")
        let shown = try PostureProcess.run(
            ["score", "--source", "observed", "--db", "h.sqlite", "--at", "2026-05-09T14:00:00Z"], in: folder)
        #expect(shown.stdout.hasPrefix("Secure score 60.0%"), "\(shown.stdout) \(shown.stderr)")
        // The model stream: a history whose first score computation is not yet visible at --at.
        let run = try PostureProcess.run(
            [
                "run", "--db", "m.sqlite", "--tenant", PostureProcess.tenant, "--schedule", Self.schedule, "--now",
                "2026-11-02T12:00:00Z", "--quiet",
            ], in: folder)
        #expect(run.code == 0, "\(run.stderr)")
        let cycles = try PostureProcess.run(["history", "cycles", "--db", "m.sqlite", "--format", "csv"], in: folder)
        let rows = cycles.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let first = try #require(rows.map { $0[3] }.min())
        let firstScore = try #require(rows.filter { $0[1] == "score" }.map { $0[3] }.min())
        #expect(first < firstScore, "\(cycles.stdout)")
        try Self.refused(
            ["score", "--db", "m.sqlite", "--at", first], in: folder, saying: "no secure score was visible yet")
    }

    @Test func calibrateOnAModelOnlyHistorySaysItHoldsNoObservedCycle() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try PostureProcess.run(
            [
                "run", "--db", "m.sqlite", "--tenant", PostureProcess.tenant, "--schedule", Self.schedule, "--now",
                "2026-11-02T12:00:00Z", "--quiet",
            ], in: folder)
        #expect(run.code == 0, "\(run.stderr)")
        try Self.refused(
            ["calibrate", "--db", "m.sqlite", "--out", "s.yaml"], in: folder,
            saying: "the history holds no observed cycle to fit; record what Azure showed with `posture ingest")
    }

    /// Without a recorded tenant no policy maps to a recommendation: mismatch compared nothing and
    /// must not say the two agree; exemptions are the tenant's objects.
    @Test func mismatchAndExemptionsNeedARecordedTenant() throws {
        let folder = try Self.observedOnly()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.refused(
            ["mismatch", "--source", "observed", "--db", "h.sqlite", "--at", "2026-05-09T14:00:00Z"], in: folder,
            saying: "the history holds no tenant at 2026-05-09T14:00:00Z")
        try Self.refused(
            ["exemptions", "--source", "observed", "--db", "h.sqlite"], in: folder,
            saying: "exemptions come from the recorded tenant's configuration")
    }

    /// Before the first assessments of the stream there is nothing to list: not an empty list.
    @Test func assessmentsBeforeTheFirstDefenderCycleAreRefused() throws {
        let folder = try Self.observedOnly()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.refused(
            ["assessments", "--source", "observed", "--db", "h.sqlite", "--at", "2026-05-09T10:00:00Z"], in: folder,
            saying:
                "no observed assessments were visible yet at 2026-05-09T10:00:00Z; the first became visible at "
                + "2026-05-09T12:00:00Z")
        let listed = try PostureProcess.run(
            ["assessments", "--source", "observed", "--db", "h.sqlite", "--at", "2026-05-09T12:00:00Z"], in: folder)
        #expect(listed.code == 0, "\(listed.stderr)")
    }
}
