import Foundation
import JSONCore
import TestSupport
import Testing

/// Issue 18 item 4: a month simulated on a known schedule, exported as Azure would have shown it
/// (with jitter), ingested cycle by cycle, then calibrated and compared, on two different schedules.
@Suite struct ObservedRoundTripTests {
    struct Expected {
        var schedule: String
        var timeZone: String
        /// (at minutes of the local day, duration minutes) of policy and Defender; the score's at modulo 8 h.
        var policy: (at: Int, duration: Int)
        var defender: (at: Int, duration: Int)
        var scoreAt: Int
    }

    static let observed = Expected(
        schedule: "azure-observed.yaml", timeZone: "Europe/Helsinki", policy: (7 * 60, 120), defender: (10 * 60, 60),
        scoreAt: 4 * 60)
    static let documented = Expected(
        schedule: "azure-documented.yaml", timeZone: "UTC", policy: (0, 60), defender: (2 * 60, 60), scoreAt: 0)

    @Test(arguments: [(observed, 20), (documented, 25)])
    func calibrationRecoversTheScheduleAndDriftAgrees(expected: Expected, jitter: Int) throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The demo scenario on the schedule under test.
        let scenarioURL = TestPaths.fixtures.appendingPathComponent("scenarios/demo.json")
        guard case .object(var scenario) = try JSONParser.parse(try Data(contentsOf: scenarioURL)) else {
            Issue.record("the demo scenario is not an object")
            return
        }
        scenario["tenant"] = .string(TestPaths.fixtures.appendingPathComponent("demo-tenant").path)
        scenario["schedule"] = .string(
            TestPaths.repositoryRoot.appendingPathComponent("Schedules/\(expected.schedule)").path)
        try Data(JSONWriter().string(.object(scenario)).utf8).write(to: folder.appendingPathComponent("scenario.json"))

        let simulated = try PostureProcess.run(
            [
                "simulate", "scenario.json", "--db", "h.sqlite", "--export-observed", "observed", "--jitter",
                "\(jitter)",
                "--seed", "7",
            ], in: folder)
        #expect(simulated.code == 0, "\(simulated.stderr)")
        let manifest = try JSONParser.parse(
            try Data(contentsOf: folder.appendingPathComponent("observed/observed-cycles.json")))
        for entry in manifest.arrayValue ?? [] {
            let files = (entry["files"]?.arrayValue ?? []).compactMap(\.stringValue).map { "observed/" + $0 }
            let visible = entry["visibleAt"]?.stringValue ?? ""
            let arguments: [String] =
                switch entry["kind"]?.stringValue {
                case "policy": ["ingest", "states", files[0]]
                case "defender": ["ingest", "assessments", files[0], "--visible-at", visible]
                default: ["ingest", "scores", files[0], "--controls", files[1], "--visible-at", visible]
                }
            let ingested = try PostureProcess.run(arguments + ["--db", "h.sqlite"], in: folder)
            #expect(ingested.code == 0, "\(arguments): \(ingested.stderr)")
        }

        let calibrated = try PostureProcess.run(
            [
                "calibrate", "--db", "h.sqlite", "--out", "calibrated.yaml", "--time-zone", expected.timeZone,
                "--format", "json",
            ],
            in: folder)
        #expect(calibrated.code == 0, "\(calibrated.stderr)")
        let fit = try JSONParser.parse(calibrated.stdout)
        func minutes(_ text: String?) -> Int? {
            guard let parts = text?.split(separator: ":").compactMap({ Int($0) }), parts.count == 2 else { return nil }
            return parts[0] * 60 + parts[1]
        }
        func durationMinutes(_ text: String?) -> Int? {
            guard let text else { return nil }
            var total = 0
            var number = 0
            for c in text {
                if let d = c.wholeNumberValue {
                    number = number * 10 + d
                } else {
                    total += c == "h" ? number * 60 : c == "m" ? number : c == "d" ? number * 1_440 : 0
                    number = 0
                }
            }
            return total
        }
        func circular(_ a: Int, _ b: Int, period: Int) -> Int { min(abs(a - b) % period, period - abs(a - b) % period) }
        let policyAt = try #require(minutes(fit["policy"]?["at"]?.stringValue))
        let defenderAt = try #require(minutes(fit["defender"]?["at"]?.stringValue))
        let scoreAt = try #require(minutes(fit["score"]?["at"]?.stringValue))
        #expect(circular(policyAt, expected.policy.at, period: 1_440) <= 15, "\(calibrated.stdout)")
        #expect(circular(defenderAt % 720, expected.defender.at % 720, period: 720) <= 15, "\(calibrated.stdout)")
        #expect(circular(scoreAt % 480, expected.scoreAt, period: 480) <= 15, "\(calibrated.stdout)")
        let policyDuration = try #require(durationMinutes(fit["policy"]?["duration"]?.stringValue))
        let defenderDuration = try #require(durationMinutes(fit["defender"]?["duration"]?.stringValue))
        #expect(abs(policyDuration - expected.policy.duration) <= 30, "\(calibrated.stdout)")
        #expect(abs(defenderDuration - expected.defender.duration) <= 30, "\(calibrated.stdout)")
        // The written schedule is one `lag` reads.
        let lag = try PostureProcess.run(
            ["lag", "--monte-carlo", "200", "--schedule", "calibrated.yaml", "--seed", "1"], in: folder)
        #expect(lag.code == 0, "\(lag.stderr)")

        // At every instant a modelled Defender cycle becomes visible, the two sides agree except where
        // Azure (jittered later) has not run that cycle yet.
        let cycles = try PostureProcess.run(["history", "cycles", "--db", "h.sqlite", "--format", "csv"], in: folder)
        var instants: [String] = []
        for line in cycles.stdout.split(separator: "\n") {
            let fields: [Substring] = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 3, fields[1] == "defender" { instants.append(String(fields[3])) }
        }
        #expect(instants.count >= 30)
        var lagged = 0
        for instant in instants {
            let drift = try PostureProcess.run(
                ["drift", "--db", "h.sqlite", "--at", instant, "--format", "json"], in: folder)
            #expect(drift.code == 0, "\(drift.stderr)")
            let json: JSONValue = try JSONParser.parse(drift.stdout)
            let disagreements: [JSONValue] = json["disagreements"]?.arrayValue ?? []
            let reasons: [String] = disagreements.compactMap { $0["reason"]?.stringValue }
            #expect(reasons.allSatisfy { $0 == "lag" }, "\(instant): \(reasons)")
            lagged += reasons.isEmpty ? 0 : 1
            let compared: Double = json["pairs"]?["compared"]?.numberValue ?? 0
            #expect(compared > 0)
        }
        #expect(lagged < instants.count)
    }
}
