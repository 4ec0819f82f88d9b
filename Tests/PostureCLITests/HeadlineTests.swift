import Foundation
import TestSupport
import Testing

/// Headline numbers that do not read as contradictions (issue 15 item 8).
@Suite struct HeadlineTests {
    static let at = "2026-11-20T00:00:00Z"

    @Test func theScoreSaysItsWeightingOnceAndLabelsRawPointsApart() throws {
        let result = try PostureProcess.run(
            ["score", PostureProcess.tenant, "--at", Self.at], in: TestPaths.repositoryRoot)
        #expect(result.code == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Secure score ") == true)
        #expect(lines.first?.contains("weighted by its assessed resources (3 subscriptions, 67 resources)") == true)
        #expect(result.stdout.components(separatedBy: "weighted by").count == 2, "the weighting is said once")
        // The pooled control points are their own labelled figure, and they are what the control rows add up to.
        let pooled = try #require(lines.first { $0.hasPrefix("Control points, all subscriptions pooled: ") })
        let figure = try #require(pooled.split(separator: " ").dropFirst(5).first.flatMap { Double($0) })
        let controlRows = lines.drop { !$0.hasPrefix("Control points") }.dropFirst(2).prefix { !$0.isEmpty }
        let sum = controlRows.compactMap { row in
            row.split(separator: " ").reversed().dropFirst(5).first.flatMap { Double($0) }
        }.reduce(0, +)
        #expect(abs(sum - figure) < 0.05, "controls add to \(sum), headline says \(figure)")
        // Subscriptions by display name and id.
        #expect(result.stdout.contains("contoso-corp-prod (6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71)"))
    }

    @Test func scopeTakesADisplayNameOrAnId() throws {
        let byName = try PostureProcess.run(
            ["score", PostureProcess.tenant, "--at", Self.at, "--scope", "contoso-corp-dev", "--format", "json"],
            in: TestPaths.repositoryRoot)
        let byId = try PostureProcess.run(
            [
                "score", PostureProcess.tenant, "--at", Self.at, "--scope", "ae354339-4fc6-4e07-97c1-83500eb29e30",
                "--format", "json",
            ],
            in: TestPaths.repositoryRoot)
        #expect(byName.code == 0 && byId.code == 0)
        #expect(byName.stdout == byId.stdout)
        #expect(byName.stdout.contains("/subscriptions/ae354339-4fc6-4e07-97c1-83500eb29e30"))
        let unknown = try PostureProcess.run(
            ["score", PostureProcess.tenant, "--scope", "nope"], in: TestPaths.repositoryRoot)
        #expect(unknown.code == 64)
    }

    @Test func theDeltaGivesPercentagePointsAndControlPointsApart() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-04T12:00:00Z", in: folder).code == 0)
        let delta = try PostureProcess.run(
            ["score", "delta", "--db", "h.sqlite", "--from", "2026-11-02T12:00:00Z"], in: folder)
        #expect(delta.code == 0, "\(delta.stderr)")
        let lines = delta.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("percentage points; subscriptions weighted by their assessed resources)") == true)
        #expect(lines.dropFirst().first?.hasPrefix("Control points: ") == true)
    }

    /// Item 9: the CSV keeps the JSON's precision (percentages to four decimals).
    @Test func scoreCSVKeepsTheJSONPrecision() throws {
        let json = try PostureProcess.run(
            ["score", PostureProcess.tenant, "--at", Self.at, "--format", "json"], in: TestPaths.repositoryRoot)
        let csv = try PostureProcess.run(
            ["score", PostureProcess.tenant, "--at", Self.at, "--format", "csv"], in: TestPaths.repositoryRoot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let scores = try #require((object["secureScores"] as? [String: Any])?["value"] as? [[String: Any]])
        let percentages = scores.compactMap {
            (($0["properties"] as? [String: Any])?["score"] as? [String: Any])?["percentage"] as? Double
        }
        #expect(percentages.count == 3)
        let totals = csv.stdout.split(separator: "\n").dropFirst().filter { $0.contains(",,,") }
        let csvPercentages = totals.compactMap { Double($0.split(separator: ",", omittingEmptySubsequences: false)[5]) }
        #expect(csvPercentages.sorted() == percentages.sorted())
    }
}
