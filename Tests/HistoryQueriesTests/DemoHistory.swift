import Foundation
import History
import HistoryTestSupport
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation
import TenantIO
import TestSupport

/// `Fixtures/scenarios/demo.json` (November 2026 over the demo tenant, observed schedule) played
/// once per backend, on first use, into a history that every query test reads; the tests that
/// write into it write into a copy (`copy(_:)`).
enum DemoHistory {
    static let recorded = PerBackend { backend in
        try Recording(TestPaths.fixtures.appendingPathComponent("scenarios/demo.json"), on: backend)
    }

    /// The demo month on `backend`, for reading.
    static func store(_ backend: Backend) throws -> any HistoryReading { try recorded(backend).history.store }

    /// A copy of the demo month on `backend` that a test can write into.
    static func copy(_ backend: Backend) throws -> TemporaryHistory {
        try TemporaryHistory(backend, copying: recorded(backend).template)
    }

    /// A scenario played into a template (copied by the tests that write) and into the history the
    /// tests read, a copy of it.
    final class Recording: Sendable {
        let template: HistoryTemplate
        let history: TemporaryHistory

        init(_ file: URL, on backend: Backend) throws {
            template = try HistoryTemplate(backend) { store in try DemoHistory.play(file, into: store) }
            history = try TemporaryHistory(backend, copying: template)
        }
    }

    /// Plays a scenario file into `store` through the real runner.
    static func play(_ file: URL, into store: any HistoryWriting) throws {
        let document = try JSONParser.parse(try Data(contentsOf: file))
        let scenario = try Scenario.decode(document, file: file.path, directory: file.deletingLastPathComponent().path)
        let tenant = try TenantDirectory(url: URL(fileURLWithPath: scenario.tenantPath)).load()
        let schedule = try Schedule.load(path: scenario.schedulePath)
        let runner = CycleRunner(
            store: store, schedule: schedule, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try Simulator(runner: runner).play(scenario, tenant: tenant)
    }

    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    /// The tenant version recorded at `instant` on `backend`, as objects a test can change.
    static func snapshot(at instant: Date, _ backend: Backend) throws -> TenantSnapshot {
        let store = try store(backend)
        let version = try store.tenantVersion(at: instant)!
        return try store.snapshot(version: version.version)
    }
}
