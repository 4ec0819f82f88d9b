import Foundation
import Testing

/// A secure score may be ingested without its `secureScoreControls` list: every view then takes the
/// totals Azure gave and says what is not known, never zeros read from missing control rows.
@Suite struct ObservedScoreWithoutControlsTests {
    static let sub = "3c4d5e6f-0000-4000-8000-00000000beef"
    static let scoreId = "/subscriptions/\(sub)/providers/Microsoft.Security/secureScores/ascScore"

    static func score(current: Double) -> String {
        #"{"value": [{"id": "\#(scoreId)", "name": "ascScore", "#
            + #""properties": {"score": {"max": 10, "current": \#(current)}, "weight": 3}}]}"#
    }

    /// One control of `max` 10 with `healthy` of 5 resources healthy.
    static func controls(healthy: Int) -> String {
        #"{"value": [{"id": "\#(scoreId)/secureScoreControls/c1", "name": "c1", "properties": {"#
            + #""displayName": "C1", "score": {"max": 10, "current": \#(Double(healthy) * 2)}, "#
            + #""healthyResourceCount": \#(healthy), "unhealthyResourceCount": \#(5 - healthy), "#
            + #""notApplicableResourceCount": 0}}]}"#
    }

    static func history(_ days: [(score: Double, controls: Int?)]) throws -> URL {
        let folder = try PostureProcess.scratch()
        for (offset, day) in days.enumerated() {
            let scoreFile = "s\(offset).json"
            try Data(score(current: day.score).utf8).write(to: folder.appendingPathComponent(scoreFile))
            var arguments = [
                "ingest", "scores", scoreFile, "--db", "h.sqlite", "--visible-at", "2026-07-0\(offset + 1)T09:00:00Z",
            ]
            if let healthy = day.controls {
                let file = "c\(offset).json"
                try Data(controls(healthy: healthy).utf8).write(to: folder.appendingPathComponent(file))
                arguments += ["--controls", file]
            }
            let ingested = try PostureProcess.run(arguments, in: folder)
            #expect(ingested.code == 0, "\(ingested.stderr)")
        }
        return folder
    }

    static let delta = [
        "score", "delta", "--source", "observed", "--db", "h.sqlite", "--from", "2026-07-01T09:00:00Z", "--to",
        "2026-07-02T09:00:00Z",
    ]

    @Test func deltaTakesAzuresTotals() throws {
        let folder = try Self.history([(4, nil), (6, nil)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let table = try PostureProcess.run(Self.delta, in: folder)
        #expect(table.code == 0, "\(table.stderr)")
        #expect(table.stdout.contains("40.0% → 60.0% (+20.0 percentage points"), "\(table.stdout)")
        #expect(table.stdout.contains("(controls not known)"), "\(table.stdout)")
        let json = try PostureProcess.run(Self.delta + ["--format", "json"], in: folder)
        #expect(json.stdout.contains(#""percentage": 0.2"#), "\(json.stdout)")
        #expect(json.stdout.contains(#""controlsKnown": false"#), "\(json.stdout)")
    }

    /// Controls on the first day only: the move is the totals', and no change is credited with the
    /// points of controls that vanished.
    @Test func aMixOfDaysWithAndWithoutControls() throws {
        let folder = try Self.history([(4, 2), (6, nil)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = try PostureProcess.run(Self.delta + ["--format", "json"], in: folder)
        #expect(json.code == 0, "\(json.stderr)")
        #expect(json.stdout.contains(#""points": 2,"#), "\(json.stdout)")
        #expect(!json.stdout.contains(#""points": -4"#), "\(json.stdout)")
        #expect(json.stdout.contains(#""controlsKnown": false"#), "\(json.stdout)")
    }

    @Test func scoreAndReportSayControlPointsAreNotKnown() throws {
        let folder = try Self.history([(4, nil), (6, nil)])
        defer { try? FileManager.default.removeItem(at: folder) }
        let score = try PostureProcess.run(
            ["score", "--source", "observed", "--db", "h.sqlite", "--at", "2026-07-02T09:00:00Z"], in: folder)
        #expect(score.stdout.hasPrefix("Secure score 60.0%"), "\(score.stdout)")
        #expect(score.stdout.contains("Control points: not known for 1 subscription"), "\(score.stdout)")
        #expect(!score.stdout.contains("0 of 0"), "\(score.stdout)")
        let report = try PostureProcess.run(
            ["report", "--source", "observed", "--db", "h.sqlite", "--at", "2026-07-02T09:00:00Z", "--out", "r"],
            in: folder)
        #expect(report.code == 0, "\(report.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("r/index.html"), encoding: .utf8)
        #expect(html.contains("Secure score <strong>60.0%</strong> (control points not known"), "\(html)")
    }

    /// Assessments observed, no score ingested: the delta still lists what moved.
    @Test func assessmentsWithoutScoresStillListTheirChanges() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let vm = "/subscriptions/\(Self.sub)/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
        for (offset, status) in ["Healthy", "Unhealthy"].enumerated() {
            let text =
                #"{"value": [{"id": "\#(vm)/providers/Microsoft.Security/assessments/k1", "name": "k1", "#
                + #""properties": {"resourceDetails": {"id": "\#(vm)"}, "status": {"code": "\#(status)"}}}]}"#
            try Data(text.utf8).write(to: folder.appendingPathComponent("a.json"))
            let ingested = try PostureProcess.run(
                [
                    "ingest", "assessments", "a.json", "--db", "h.sqlite", "--visible-at",
                    "2026-07-0\(offset + 1)T09:00:00Z",
                ],
                in: folder)
            #expect(ingested.code == 0, "\(ingested.stderr)")
        }
        let delta = try PostureProcess.run(Self.delta, in: folder)
        #expect(delta.code == 0, "\(delta.stderr)")
        #expect(delta.stdout.contains("regressed        1"), "\(delta.stdout)")
        #expect(delta.stdout.contains("no score visible"), "\(delta.stdout)")
    }
}
