import Foundation
import Testing

/// Azure lists assessments, secure scores and policy states per subscription (ListAssessments,
/// ListSecureScores, `az policy state list --subscription`): an observed cycle replaces only the
/// subscriptions its files show, and the rows of other subscriptions carry over.
@Suite struct ObservedScopeTests {
    static let subA = "aaaaaaaa-0000-4000-8000-000000000001"
    static let subB = "bbbbbbbb-0000-4000-8000-000000000002"

    static func vm(_ sub: String, _ name: String) -> String {
        "/subscriptions/\(sub)/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/\(name)"
    }

    /// A REST `assessments` list of (resource, key, status) rows.
    static func assessments(_ rows: [(String, String, String)], changed: String = "2026-05-10T11:00:00Z") -> String {
        let items = rows.map { resource, key, status in
            #"{"id": "\#(resource)/providers/Microsoft.Security/assessments/\#(key)", "name": "\#(key)", "#
                + #""type": "Microsoft.Security/assessments", "properties": {"resourceDetails": "#
                + #"{"source": "Azure", "id": "\#(resource)"}, "status": {"code": "\#(status)", "#
                + #""statusChangeDate": "\#(changed)", "firstEvaluationDate": "2026-05-01T00:00:00Z"}}}"#
        }
        return #"{"value": ["# + items.joined(separator: ", ") + "]}"
    }

    /// A `secureScores` list with one subscription's total.
    static func score(_ sub: String, current: Double, max: Double, weight: Int) -> String {
        #"{"value": [{"id": "/subscriptions/\#(sub)/providers/Microsoft.Security/secureScores/ascScore", "#
            + #""name": "ascScore", "properties": {"score": {"max": \#(max), "current": \#(current)}, "#
            + #""weight": \#(weight)}}]}"#
    }

    /// An `az policy state list` of (resource, state) rows of one assignment.
    static func states(_ sub: String, _ rows: [(String, String)], at timestamp: String) -> String {
        let items = rows.map { resource, state in
            #"{"timestamp": "\#(timestamp)", "resourceId": "\#(resource)", "#
                + #""policyAssignmentId": "/subscriptions/\#(sub)/providers/Microsoft.Authorization/policyAssignments/a", "#
                + #""policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/d", "#
                + #""complianceState": "\#(state)"}"#
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    static func write(_ text: String, _ name: String, in folder: URL) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    static func ok(_ arguments: [String], in folder: URL) throws -> String {
        let result = try PostureProcess.run(arguments, in: folder)
        #expect(result.code == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    /// Subscription B's list, ingested after A's, leaves A's assessments standing: no deletedResource.
    @Test func oneSubscriptionsAssessmentsLeaveTheOthersStanding() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a1 = Self.vm(Self.subA, "vmA1")
        let b1 = Self.vm(Self.subB, "vmB1")
        try Self.write(Self.assessments([(a1, "k1", "Healthy"), (a1, "k2", "Unhealthy")]), "a.json", in: folder)
        try Self.write(Self.assessments([(b1, "k1", "Unhealthy")]), "b.json", in: folder)
        try Self.write(Self.assessments([(b1, "k1", "Healthy")]), "b2.json", in: folder)
        for (file, at) in [("a.json", "12:00"), ("b.json", "12:05"), ("b2.json", "12:10")] {
            _ = try Self.ok(
                ["ingest", "assessments", file, "--db", "h.sqlite", "--visible-at", "2026-05-12T\(at):00Z"],
                in: folder)
        }
        let listed = try Self.ok(
            [
                "assessments", "--db", "h.sqlite", "--source", "observed", "--at", "2026-05-12T12:11:00Z", "--format",
                "csv",
            ], in: folder)
        #expect(listed.contains("vmA1") && listed.contains("vmB1"), "\(listed)")
        #expect(listed.split(separator: "\n").count == 4, "\(listed)")
        let delta = try Self.ok(
            [
                "score", "delta", "--db", "h.sqlite", "--source", "observed", "--from", "2026-05-12T12:01:00Z",
                "--to", "2026-05-12T12:11:00Z", "--format", "json",
            ], in: folder)
        #expect(!delta.contains(#""cause": "deletedResource""#), "\(delta)")
        #expect(!delta.contains(#""cause": "recommendationRemoved""#), "\(delta)")
        #expect(delta.contains(#""cause": "newResource""#), "\(delta)")
    }

    /// `--subscription` names a subscription the files show with nothing of it left: its assessments
    /// missing from the file are gone, another subscription's stay.
    @Test func aNamedSubscriptionsMissingAssessmentsAreGone() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a1 = Self.vm(Self.subA, "vmA1")
        let b1 = Self.vm(Self.subB, "vmB1")
        try Self.write(Self.assessments([(a1, "k1", "Healthy"), (b1, "k1", "Healthy")]), "ab.json", in: folder)
        try Self.write(Self.assessments([(a1, "k1", "Unhealthy")]), "a.json", in: folder)
        _ = try Self.ok(
            ["ingest", "assessments", "ab.json", "--db", "h.sqlite", "--visible-at", "2026-05-12T12:00:00Z"],
            in: folder)
        _ = try Self.ok(
            [
                "ingest", "assessments", "a.json", "--db", "h.sqlite", "--visible-at", "2026-05-12T13:00:00Z",
                "--subscription", Self.subB,
            ], in: folder)
        let listed = try Self.ok(
            [
                "assessments", "--db", "h.sqlite", "--source", "observed", "--at", "2026-05-12T13:00:00Z", "--format",
                "csv",
            ], in: folder)
        #expect(listed.contains("vmA1") && !listed.contains("vmB1"), "\(listed)")
    }

    /// Several files, one per subscription, make one cycle.
    @Test func severalFilesMakeOneCycle() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.write(Self.assessments([(Self.vm(Self.subA, "vmA1"), "k1", "Healthy")]), "a.json", in: folder)
        try Self.write(Self.assessments([(Self.vm(Self.subB, "vmB1"), "k1", "Healthy")]), "b.json", in: folder)
        try Self.write(Self.score(Self.subA, current: 4, max: 10, weight: 3), "sa.json", in: folder)
        try Self.write(Self.score(Self.subB, current: 8, max: 10, weight: 1), "sb.json", in: folder)
        let recorded = try Self.ok(
            [
                "ingest", "assessments", "a.json", "b.json", "--db", "h.sqlite", "--visible-at",
                "2026-05-12T12:00:00Z",
            ], in: folder)
        #expect(recorded.hasPrefix("recorded 2 assessments as observed defender cycle 1"), "\(recorded)")
        let scored = try Self.ok(
            ["ingest", "scores", "sa.json", "sb.json", "--db", "h.sqlite", "--visible-at", "2026-05-12T12:01:00Z"],
            in: folder)
        #expect(scored.hasPrefix("recorded 2 subscription scores as observed score cycle 2"), "\(scored)")
    }

    /// Subscription B's scores, ingested after A's, leave A's standing: the total weighs both.
    @Test func oneSubscriptionsScoreLeavesTheOthersStanding() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.write(Self.score(Self.subA, current: 4, max: 10, weight: 3), "sa.json", in: folder)
        try Self.write(Self.score(Self.subB, current: 8, max: 10, weight: 1), "sb.json", in: folder)
        _ = try Self.ok(
            ["ingest", "scores", "sa.json", "--db", "h.sqlite", "--visible-at", "2026-05-12T12:00:00Z"], in: folder)
        _ = try Self.ok(
            ["ingest", "scores", "sb.json", "--db", "h.sqlite", "--visible-at", "2026-05-12T12:05:00Z"], in: folder)
        let score = try Self.ok(
            [
                "score", "--db", "h.sqlite", "--source", "observed", "--at", "2026-05-12T12:06:00Z", "--format", "json",
            ], in: folder)
        #expect(score.contains(Self.subA) && score.contains(Self.subB), "\(score)")
        let table = try Self.ok(
            ["score", "--db", "h.sqlite", "--source", "observed", "--at", "2026-05-12T12:06:00Z"], in: folder)
        // (0.4 × 3 + 0.8 × 1) / 4 = 50%.
        #expect(table.hasPrefix("Secure score 50.0%"), "\(table)")
    }

    /// Subscription B's policy states leave A's standing.
    @Test func oneSubscriptionsStatesLeaveTheOthersStanding() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.write(
            Self.states(Self.subA, [(Self.vm(Self.subA, "vmA1"), "NonCompliant")], at: "2026-05-12T07:00:00Z"),
            "a.json", in: folder)
        try Self.write(
            Self.states(Self.subB, [(Self.vm(Self.subB, "vmB1"), "Compliant")], at: "2026-05-12T07:10:00Z"),
            "b.json", in: folder)
        _ = try Self.ok(["ingest", "states", "a.json", "--db", "h.sqlite"], in: folder)
        _ = try Self.ok(["ingest", "states", "b.json", "--db", "h.sqlite"], in: folder)
        let states = try Self.ok(
            [
                "states", "--db", "h.sqlite", "--source", "observed", "--at", "2026-05-12T08:00:00Z", "--format", "csv",
            ], in: folder)
        #expect(states.contains("vmA1") && states.contains("vmB1"), "\(states)")
    }
}
