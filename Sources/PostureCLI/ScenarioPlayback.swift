import ArgumentParser
import Foundation
import History
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation

/// A scenario file with its tenant and schedule loaded, played through ``Simulator`` into a fresh
/// history database: what `simulate` and `lag` share, so that both play it the same way.
struct ScenarioPlayback {
    let scenario: Scenario
    let tenant: Tenant
    let schedule: Schedule

    /// Reads the scenario at `path` and what it names, or prints the problems and exits 2.
    init(path: String, common: CommonOptions) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            scenario = try Scenario.decode(try InputFile.json(path), file: path, directory: directory)
        } catch {
            throw CommandError(error)
        }
        tenant = try TenantInput.load(scenario.tenantPath, options: common)
        schedule = try Schedule.load(path: scenario.schedulePath)
    }

    /// Plays the scenario into the database at `db`, which must hold no history yet, under its run lock.
    func play(into db: String, threads: Int, logger: Logger) throws -> (store: HistoryStore, report: Simulator.Report) {
        let (lock, store) = try HistoryDatabase.writing(db, wait: 0)
        defer { withExtendedLifetime(lock) {} }
        do {
            guard try store.tenantVersions().isEmpty else {
                throw CommandError.badInput("posture: \(db) already holds history; play the scenario into a new database file")
            }
            let runner = CycleRunner(store: store, schedule: schedule, logger: logger, threads: threads)
            return (store, try Simulator(runner: runner).play(scenario, tenant: tenant))
        } catch {
            throw CommandError(error, file: db)
        }
    }
}
