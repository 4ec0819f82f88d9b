import Foundation
import JSONCore
import TestSupport
import Testing

/// `posture nightly` with `observed: true` (or `--observed`) records what Azure showed (the export's
/// `observed/` folder) as observed cycles beside the modelled ones (issue 18 item 1), through the fake `az`.
@Suite(.enabled(if: fakeAzRuns, "python3 runs the fake az"))
struct NightlyObservedTests {
    /// A copy of the demo tenant whose `observed/` holds what `posture` itself prints of it at `at`,
    /// the scores split per subscription as the export writes them.
    static func source(at: String, in folder: URL) throws -> URL {
        let source = folder.appendingPathComponent("source")
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("demo-tenant"), to: source)
        let observed = source.appendingPathComponent("observed")
        for sub in ["", "securescores", "securescorecontrols"] {
            try FileManager.default.createDirectory(
                at: observed.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for (command, file) in [
            ("states", "policystates.json"), ("assessments", "assessments.json"), ("score", "score.json"),
        ] {
            let printed = try PostureProcess.run([command, source.path, "--at", at, "--format", "json"], in: folder)
            #expect(printed.code == 0, "\(printed.stderr)")
            try Data(printed.stdout.utf8).write(to: observed.appendingPathComponent(file))
        }
        let score = try JSONParser.parse(try Data(contentsOf: observed.appendingPathComponent("score.json")))
        try FileManager.default.removeItem(at: observed.appendingPathComponent("score.json"))
        let controls = score["secureScoreControls"]?["value"]?.arrayValue ?? []
        for total in score["secureScores"]?["value"]?.arrayValue ?? [] {
            let id = total["id"]?.stringValue ?? ""
            let subscription = id.split(separator: "/").dropFirst().first.map(String.init) ?? ""
            let prefix = "/subscriptions/\(subscription)/"
            let own = controls.filter { $0["id"]?.stringValue?.hasPrefix(prefix) == true }
            try Data(JSONWriter().string(["value": [total]]).utf8).write(
                to: observed.appendingPathComponent("securescores/\(subscription).json"))
            try Data(JSONWriter().string(["value": .array(own)]).utf8).write(
                to: observed.appendingPathComponent("securescorecontrols/\(subscription).json"))
        }
        return source
    }

    @Test func nightlyRecordsWhatAzureShowed() async throws {
        let scratch = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let work = try FakeAzFolder(source: try Self.source(at: "2026-11-20T07:30:00Z", in: scratch))
        defer { work.remove() }
        let yaml = """
            scope: {managementGroup: contoso}
            az: \(work.az)
            directories: {tenant: tenant}
            db: h.sqlite
            schedule: \(PostureProcess.schedule)
            metrics: posture.prom
            observed: true

            """
        try yaml.write(toFile: work.path("nightly.yaml"), atomically: true, encoding: .utf8)
        try await posture([
            "nightly", "--config", work.path("nightly.yaml"), "--now", "2026-11-20T12:00:00Z", "--quiet",
        ])
        // The second night asks for it on the command line instead of in the config.
        try yaml.replacingOccurrences(of: "observed: true\n", with: "")
            .write(toFile: work.path("nightly.yaml"), atomically: true, encoding: .utf8)
        try await posture([
            "nightly", "--config", work.path("nightly.yaml"), "--now", "2026-11-21T12:00:00Z", "--quiet", "--observed",
        ])
        let observed = try PostureProcess.run(
            ["history", "cycles", "--db", work.path("h.sqlite"), "--source", "observed", "--format", "csv"],
            in: work.url)
        let kinds = observed.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] }
        // The same policy states twice are one policy cycle; assessments and scores are recorded each night.
        #expect(kinds == ["policy", "defender", "score", "defender", "score"], "\(observed.stdout)")
        let model = try PostureProcess.run(
            ["history", "cycles", "--db", work.path("h.sqlite"), "--format", "csv"], in: work.url)
        #expect(!model.stdout.contains(",ingest,"))
        let score = try PostureProcess.run(
            [
                "score", "--source", "observed", "--db", work.path("h.sqlite"), "--at", "2026-11-21T12:00:00Z",
                "--format", "json",
            ],
            in: work.url)
        let expected = try PostureProcess.run(
            [
                "score", TestPaths.fixtures.appendingPathComponent("demo-tenant").path, "--at", "2026-11-20T07:30:00Z",
                "--format", "json",
            ], in: work.url)
        let totals = { (text: String) in
            (try? JSONParser.parse(text))?["secureScores"]?["value"]?.arrayValue?.compactMap {
                $0["properties"]?["score"]
            }
        }
        #expect(totals(score.stdout) != nil)
        #expect(totals(score.stdout) == totals(expected.stdout))
    }
}
