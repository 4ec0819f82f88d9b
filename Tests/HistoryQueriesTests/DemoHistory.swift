import Foundation
import History
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation
import TenantIO
import TestSupport

/// `Fixtures/scenarios/demo.json` (November 2026 over the demo tenant, observed schedule) played
/// once into a temporary database that every query test reads.
enum DemoHistory {
    static let store: HistoryStore = {
        do { return try play(TestPaths.fixtures.appendingPathComponent("scenarios/demo.json")) } catch {
            fatalError("the demo scenario does not play: \(error)")
        }
    }()

    /// Plays a scenario file into a new database in a temporary folder.
    static func play(_ file: URL) throws -> HistoryStore {
        let document = try JSONParser.parse(try Data(contentsOf: file))
        let scenario = try Scenario.decode(document, file: file.path, directory: file.deletingLastPathComponent().path)
        let tenant = try TenantDirectory(url: URL(fileURLWithPath: scenario.tenantPath)).load()
        let schedule = try Schedule.load(path: scenario.schedulePath)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-queries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try HistoryStore(path: directory.appendingPathComponent("demo.sqlite").path)
        let runner = CycleRunner(
            store: store, schedule: schedule, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try Simulator(runner: runner).play(scenario, tenant: tenant)
        return store
    }

    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    /// The tenant version recorded at `instant`, as objects a test can change.
    static func snapshot(at instant: Date) throws -> TenantSnapshot {
        let version = try store.tenantVersion(at: instant)!
        return try store.snapshot(version: version.version)
    }
}
