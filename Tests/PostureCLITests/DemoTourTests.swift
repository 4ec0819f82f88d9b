import ArgumentParser
import Foundation
import Logging
import TestSupport
import Testing

@testable import PostureCLI

/// `posture demo`: the demo month played into a fresh database, then the tour's sections.
@Suite struct DemoTourTests {
    @Test func theTourShowsTheMonthTheTrendTheDeltaTheLagsAndWhereEverythingIs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-demo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = TestPaths.fixtures.appendingPathComponent("scenarios/demo.json").path
        let playback = try ScenarioPlayback(path: scenario, common: try CommonOptions.parse([]))
        let (store, report) = try playback.play(
            into: folder.appendingPathComponent("demo.sqlite").path, threads: 2,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let text = try DemoTour(
            playback: playback, store: store, report: report, scenarioPath: scenario, folder: folder,
            elapsed: .seconds(1)
        ).render()
        for section in [
            "16 events played through the real cycles: 151 cycles (30 policy, 1 scan, 30 defender, 90 score)",
            "Secure score, weekly", "The last week, 2026-11-24 → 2026-12-01, and why the score moved", "regressed",
            "fixed",
            "When each change showed", "PT21H", "Written", "Next", "posture score delta --db",
        ] {
            #expect(text.contains(section), "missing: \(section)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("trend.svg").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report/index.html").path))
    }
}
