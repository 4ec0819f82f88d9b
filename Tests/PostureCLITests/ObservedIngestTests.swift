import Foundation
import TestSupport
import Testing

/// `posture ingest states|assessments|scores` on what Azure prints (issue 18 item 1), through the built `posture`.
@Suite struct ObservedIngestTests {
    static let security = "specs/azure-rest-api-specs/specification/security/resource-manager/Microsoft.Security/stable"
    static let policyStates =
        "specs/azure-rest-api-specs/specification/policyinsights/resource-manager/Microsoft.PolicyInsights/stable/"
        + "2019-10-01/examples/PolicyStates_QuerySubscriptionScope.json"

    /// Microsoft's own REST examples ingest into a history with no tenant, and `score --source observed`
    /// prints the example's score (ListSecureScores_example.json: 23.53 of 39, 0.6033).
    @Test(.enabled(if: TestPaths.shared("specs") != nil, "needs ../shared/specs"))
    func microsoftsExamplesIngestAndScore() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scores = try #require(
            TestPaths.shared(Self.security + "/2020-01-01/examples/secureScores/ListSecureScores_example.json"))
        let controls = try #require(
            TestPaths.shared(Self.security + "/2020-01-01/examples/secureScores/ListSecureScoreControls_example.json"))
        let assessments = try #require(
            TestPaths.shared(Self.security + "/2021-06-01/examples/Assessments/ListAssessments_example.json"))
        let states = try #require(TestPaths.shared(Self.policyStates))
        let runs: [[String]] = [
            ["ingest", "states", states.path],
            ["ingest", "assessments", assessments.path, "--visible-at", "2026-11-01T00:00:00Z"],
            ["ingest", "scores", scores.path, "--controls", controls.path, "--visible-at", "2026-11-01T01:00:00Z"],
        ]
        for arguments in runs {
            let ingested = try PostureProcess.run(arguments + ["--db", "h.sqlite"], in: folder)
            #expect(ingested.code == 0, "\(arguments): \(ingested.stderr)")
        }
        let score = try PostureProcess.run(
            ["score", "--source", "observed", "--db", "h.sqlite", "--at", "2026-11-02T00:00:00Z", "--format", "json"],
            in: folder)
        #expect(score.code == 0, "\(score.stderr)")
        #expect(score.stdout.contains(#""current": 23.53"#))
        #expect(score.stdout.contains(#""percentage": 0.6033"#))
        #expect(score.stdout.contains("secureScoreControls/34a42fb3-e6db-409c-b56b-7b1db6b8aee0"))
        let listed = try PostureProcess.run(
            [
                "assessments", "--source", "observed", "--db", "h.sqlite", "--at", "2026-11-02T00:00:00Z", "--format",
                "csv",
            ],
            in: folder)
        #expect(listed.stdout.contains("OffByPolicy"), "\(listed.stdout)")
        // The modelled side of the same file holds nothing.
        let model = try PostureProcess.run(["history", "cycles", "--db", "h.sqlite", "--format", "csv"], in: folder)
        #expect(model.stdout.split(separator: "\n").count == 1)
    }

    /// Resource Graph rows: `policyresources` with the state under `properties`, `securityresources`
    /// with `resourceDetails.Id` spelt as Resource Graph spells it.
    @Test func resourceGraphRowsIngest() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sub = "/subscriptions/11111111-1111-1111-1111-111111111111"
        let vm = sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
        let states =
            #"{"data": [{"id": "x", "type": "microsoft.policyinsights/policystates", "properties": {"#
            + #""timestamp": "2026-11-01T07:10:00Z", "resourceId": "\#(vm)", "#
            + #""policyAssignmentId": "\#(sub)/providers/Microsoft.Authorization/policyAssignments/a", "#
            + #""policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/d", "#
            + #""complianceState": "NonCompliant"}}]}"#
        let assessments =
            #"{"data": [{"id": "\#(vm)/providers/Microsoft.Security/assessments/k1", "name": "k1", "#
            + #""type": "microsoft.security/assessments", "subscriptionId": "11111111-1111-1111-1111-111111111111", "#
            + #""properties": {"resourceDetails": {"Source": "Azure", "Id": "\#(vm)"}, "#
            + #""status": {"code": "Unhealthy", "#
            + #""statusChangeDate": "2026-11-01T10:20:00Z", "firstEvaluationDate": "2026-10-01T10:20:00Z"}}}, "#
            + #"{"id": "\#(vm)/providers/Microsoft.Security/assessments/k1/subAssessments/s", "#
            + #""type": "microsoft.security/assessments/subassessments", "properties": {}}]}"#
        try Data(states.utf8).write(to: folder.appendingPathComponent("states.json"))
        try Data(assessments.utf8).write(to: folder.appendingPathComponent("assessments.json"))
        let s = try PostureProcess.run(["ingest", "states", "states.json", "--db", "h.sqlite"], in: folder)
        #expect(s.code == 0, "\(s.stderr)")
        let a = try PostureProcess.run(
            ["ingest", "assessments", "assessments.json", "--db", "h.sqlite", "--visible-at", "2026-11-01T11:00:00Z"],
            in: folder)
        #expect(a.code == 0, "\(a.stderr)")
        #expect(a.stdout.hasPrefix("recorded 1 assessment as observed defender cycle 2"))
        let listed = try PostureProcess.run(
            [
                "assessments", "--source", "observed", "--db", "h.sqlite", "--at", "2026-11-01T12:00:00Z", "--format",
                "csv",
            ],
            in: folder)
        #expect(listed.stdout.contains("vm1"), "\(listed.stdout)")
        #expect(listed.stdout.contains("Unhealthy"))
    }

    /// Bad input: one line naming the file and the JSON path, exit 2, the history untouched.
    @Test func badInputIsRefusedWithItsPathAndChangesNothing() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good =
            #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore", "#
            + #""properties": {"score": {"max": 10, "current": 5}, "weight": 3}}]}"#
        try Data(good.utf8).write(to: folder.appendingPathComponent("good.json"))
        #expect(
            try PostureProcess.run(
                ["ingest", "scores", "good.json", "--db", "h.sqlite", "--visible-at", "2026-11-01T00:00:00Z"],
                in: folder
            ).code == 0)
        let dump = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout
        let score = #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore", "#
        let assessment = #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/assessments/k", "#
        let cases: [(String, String, String)] = [
            (
                "scores", score + #""properties": {"score": {"max": 1e999, "current": 1}}}]}"#,
                "bad.json:$.value[0].properties.score.max: "
            ),
            (
                "scores",
                #"{"value": [{"id": "/subscriptions/s1/x", "#
                    + #""properties": {"score": {"max": 10, "current": -1}, "weight": 3.5}}]}"#,
                "bad.json:$.value[0].properties.score.current: "
            ),
            (
                "assessments",
                assessment + #""name": "k", "properties": {"resourceDetails": "#
                    + #"{"id": "/subscriptions/s1/resourceGroups/r"}, "status": {"code": "Green"}}}]}"#,
                "bad.json:$.value[0].properties.status.code: "
            ),
            (
                "assessments", #"{"value": [{"name": "k", "properties": {"status": {"code": "Healthy"}}}]}"#,
                "bad.json:$.value[0].properties.resourceDetails: "
            ),
            (
                "states",
                #"[{"timestamp": "yesterday", "resourceId": "/subscriptions/s1/x", "policyAssignmentId": "/a", "#
                    + #""policyDefinitionId": "/d", "complianceState": "Compliant"}]"#,
                "bad.json:$[0].timestamp: "
            ),
            // A finite but huge figure would trap every later conversion to a whole number.
            (
                "scores", score + #""properties": {"score": {"max": 1e19, "current": 1e19, "percentage": 1}}}]}"#,
                "bad.json:$.value[0].properties.score.max: "
            ),
            (
                "scores", score + #""properties": {"score": {"max": 10, "current": 12}}}]}"#,
                "bad.json:$.value[0].properties.score.current: "
            ),
            (
                "scores",
                score + #""properties": {"score": {"max": 10, "current": 5}, "weight": 3}}, "#
                    + #"{"id": "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore", "#
                    + #""properties": {"score": {"max": 10, "current": 6}, "weight": 3}}]}"#,
                "bad.json:$.value[1]: "
            ),
            // A time without a zone names no instant: refused, not read as UTC.
            (
                "states",
                #"[{"timestamp": "2026-11-01T07:00:00", "resourceId": "/subscriptions/s1/x", "#
                    + #""policyAssignmentId": "/a", "policyDefinitionId": "/d", "complianceState": "Compliant"}]"#,
                "bad.json:$[0].timestamp: "
            ),
            (
                "states",
                #"[{"timestamp": "2026-11-01T07:00:00Z", "resourceId": "/subscriptions/s1/x", "#
                    + #""policyAssignmentId": "/a", "policyDefinitionId": "/d", "complianceState": "Compliant"}, "#
                    + #"{"timestamp": "2026-11-01T07:00:00Z", "resourceId": "/subscriptions/s1/x", "#
                    + #""policyAssignmentId": "/a", "policyDefinitionId": "/d", "complianceState": "NonCompliant"}]"#,
                "bad.json:$[1]: "
            ),
            (
                "assessments",
                assessment + #""name": "k", "properties": {"resourceDetails": {"id": "/subscriptions/s1/r"}, "#
                    + #""status": {"code": "Healthy", "statusChangeDate": "2026-11-01T07:00:00"}}}]}"#,
                "bad.json:$.value[0].properties.status.statusChangeDate: "
            ),
            (
                "assessments",
                assessment + #""name": "k", "properties": {"resourceDetails": {"id": 12}, "#
                    + #""status": {"code": "Healthy"}}}]}"#,
                "bad.json:$.value[0].properties.resourceDetails.id: "
            ),
            (
                "assessments",
                assessment + #""name": "k", "properties": {"resourceDetails": {"id": "/subscriptions/s1/r"}, "#
                    + #""status": {"code": "Healthy"}}}, "#
                    + #"{"id": "/subscriptions/s1/providers/Microsoft.Security/assessments/k", "name": "k", "#
                    + #""properties": {"resourceDetails": {"id": "/subscriptions/s1/r"}, "status": {"code": "Unhealthy"}}}]}"#,
                "bad.json:$.value[1]: "
            ),
            // No assessment at all would record every assessment as gone.
            ("assessments", #"{"value": []}"#, "bad.json:$: "),
            // A percentage that no rounding of current / max explains: neither figure can be kept.
            (
                "scores", score + #""properties": {"score": {"max": 10, "current": 5, "percentage": 0.9}}}]}"#,
                "bad.json:$.value[0].properties.score.percentage: "
            ),
            // Azure cannot show a change it has not made yet (visible at 2026-11-02T00:00:00Z).
            (
                "assessments",
                assessment + #""name": "k", "properties": {"resourceDetails": {"id": "/subscriptions/s1/r"}, "#
                    + #""status": {"code": "Healthy", "statusChangeDate": "2026-11-03T07:00:00Z"}}}]}"#,
                "bad.json:$.value[0].properties.status.statusChangeDate: "
            ),
        ]
        for (kind, text, prefix) in cases {
            try Data(text.utf8).write(to: folder.appendingPathComponent("bad.json"))
            var arguments = ["ingest", kind, "bad.json", "--db", "h.sqlite"]
            if kind != "states" { arguments += ["--visible-at", "2026-11-02T00:00:00Z"] }
            let refused = try PostureProcess.run(arguments, in: folder)
            #expect(refused.code == 2, "\(kind): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix(prefix), "\(kind): \(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        }
        #expect(try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout == dump)
    }

    /// What an ingest must refuse rather than alter: a string that is not UTF-8 (never recorded as
    /// U+FFFD), states visible before they were evaluated, a `--visible-at` without a zone. An
    /// identical repeated score row is kept once, as for assessments and states.
    @Test func refusesWhatItWouldHaveToAlter() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = Array(
            #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/assessments/k", "name": "k", "#.utf8)
        bytes += Array(#""properties": {"resourceDetails": {"id": "/subscriptions/s1/r"#.utf8) + [0xC3, 0x28]
        bytes += Array(#""}, "status": {"code": "Healthy"}}}]}"#.utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("utf8.json"))
        let utf8 = try PostureProcess.run(
            ["ingest", "assessments", "utf8.json", "--db", "h.sqlite", "--visible-at", "2026-11-02T00:00:00Z"],
            in: folder)
        #expect(utf8.code == 2, "\(utf8.stderr)")
        #expect(utf8.stderr.hasPrefix("utf8.json:$.value[0].properties.resourceDetails.id: "), "\(utf8.stderr)")
        #expect(utf8.stderr.contains("UTF-8"), "\(utf8.stderr)")
        let states =
            #"[{"timestamp": "2026-11-01T07:00:00Z", "resourceId": "/subscriptions/s1/x", "#
            + #""policyAssignmentId": "/a", "policyDefinitionId": "/d", "complianceState": "Compliant"}]"#
        try Data(states.utf8).write(to: folder.appendingPathComponent("states.json"))
        let early = try PostureProcess.run(
            ["ingest", "states", "states.json", "--db", "h.sqlite", "--visible-at", "2026-11-01T06:00:00Z"], in: folder)
        #expect(early.code == 2, "\(early.stderr)")
        #expect(early.stderr.hasPrefix("states.json:$[0].timestamp: "), "\(early.stderr)")
        let zoneless = try PostureProcess.run(
            ["ingest", "states", "states.json", "--db", "h.sqlite", "--visible-at", "2026-11-01T08:00:00"], in: folder)
        #expect(zoneless.code == 64, "\(zoneless.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("h.sqlite").path))
        let row =
            #"{"id": "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore", "#
            + #""properties": {"score": {"max": 10, "current": 5, "percentage": 0.5}, "weight": 3}}"#
        try Data(#"{"value": [\#(row), \#(row)]}"#.utf8).write(to: folder.appendingPathComponent("twice.json"))
        let twice = try PostureProcess.run(
            ["ingest", "scores", "twice.json", "--db", "h.sqlite", "--visible-at", "2026-11-02T00:00:00Z"], in: folder)
        #expect(twice.code == 0, "\(twice.stderr)")
        #expect(twice.stdout.hasPrefix("recorded 1 subscription score"), "\(twice.stdout)")
    }
}
