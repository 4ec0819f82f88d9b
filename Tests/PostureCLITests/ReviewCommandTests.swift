import ArgumentParser
import Foundation
import HistoryQueries
import JSONCore
import Logging
import PolicyModel
import TestSupport
import Testing

@testable import PostureCLI

@Suite struct ReviewCommandTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-review-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aMonthThatIsNoMonthIsBadUsage() throws {
        let missing = #expect(throws: (any Error).self) { try Posture.parseAsRoot(["review", "--db", "x.sqlite"]) }
        #expect(missing.map { Posture.exitCode(for: $0) } == .validationFailure)
        #expect(missing.map { Posture.message(for: $0) } == "Missing expected argument '--month <month>'")
        var command = try Posture.parseAsRoot(["review", "--db", "x.sqlite", "--month", "2026-13"])
        #expect(throws: ValidationError.self) { try command.run() }
    }

    /// Bad goals exit 2 before the database is touched; a missing goals file is an I/O error (74).
    @Test func badGoalsExitTwo() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let goals = folder.appendingPathComponent("goals.yaml")
        try "goals:\n  - {name: x, scope: tenant, secureScore: 101%, by: 2026-12-31}\n".write(
            to: goals, atomically: true, encoding: .utf8)
        for (arguments, code) in [
            (["--goals", goals.path], Int32(2)), (["--tenant", folder.path], 2),
            (["--goals", folder.appendingPathComponent("none.yaml").path], 74),
        ] {
            var command = try Posture.parseAsRoot(["review", "--db", "x.sqlite", "--month", "2026-11"] + arguments)
            #expect(await exitCode { try command.run() } == code, "\(arguments)")
        }
    }

    /// What `posture nightly` calls: the demo month's review written as Markdown, JSON and HTML,
    /// with the goals found beside owners.json in the demo tenant.
    @Test func theNightlyHookWritesTheMonthsReviewInThreeFormats() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = TestPaths.fixtures.appendingPathComponent("scenarios/demo.json").path
        let playback = try ScenarioPlayback(path: scenario, common: try CommonOptions.parse([]))
        let (store, _) = try playback.play(
            into: folder.appendingPathComponent("demo.sqlite").path, threads: 2,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let month = try #require(MonthlyReview.Month("2026-11"))
        let written = try ReviewOutput.writeMonthlyReview(
            store: store, month: month, at: ISO8601.parse("2026-12-01T00:00:00Z")!, goalsFile: nil,
            tenantDirectory: TestPaths.fixtures.appendingPathComponent("demo-tenant").path,
            directory: folder.appendingPathComponent("reviews"))
        #expect(
            written.map(\.lastPathComponent) == ["review-2026-11.md", "review-2026-11.json", "review-2026-11.html"])
        let json = try JSONParser.parse(try Data(contentsOf: written[1]))
        guard case .object(let top) = json, case .array(let goals) = top["goals"] else {
            Issue.record("no goals")
            return
        }
        #expect(goals.count == 4)
        #expect(try String(contentsOf: written[0], encoding: .utf8).hasPrefix("# Security posture review 2026-11"))
        #expect(try String(contentsOf: written[2], encoding: .utf8).contains("<h2>Monthly review 2026-11</h2>"))
    }
}
