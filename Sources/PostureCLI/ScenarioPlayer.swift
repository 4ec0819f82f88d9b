import ArgumentParser
import Foundation
import History
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation

/// Plays a scenario file into a new history database, as `simulate` and `demo` do: the scenario,
/// its tenant and schedule read (exit 2 with the problem on bad input), the database locked,
/// then every event and cycle through the real runner.
struct ScenarioPlayer {
    let path: String
    let db: String
    let logger: Logger
    let threads: Int

    struct Played {
        var scenario: Scenario
        var tenant: Tenant
        var report: Simulator.Report
        var store: HistoryStore
    }

    func play(options: CommonOptions) throws -> Played {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let scenario: Scenario
        do {
            scenario = try Scenario.decode(try InputFile.json(path), file: path, directory: directory)
        } catch let error as InputError {
            throw Failure.report(error)
        }
        let tenant = try TenantInput.load(scenario.tenantPath, options: options)
        let schedule: Schedule
        do { schedule = try Schedule.load(path: scenario.schedulePath) } catch {
            Failure.printError(error.description)
            throw Failure.invalidInput
        }
        let lock = try RunOptions.lock(db, wait: 0)
        defer { withExtendedLifetime(lock) {} }
        do {
            let store = try HistoryStore(path: db)
            guard try store.tenantVersions().isEmpty else {
                Failure.printError("posture: \(db) already holds history; simulate into a new database file")
                throw Failure.invalidInput
            }
            let runner = CycleRunner(store: store, schedule: schedule, logger: logger, threads: threads)
            let report = try Simulator(runner: runner).play(scenario, tenant: tenant)
            try store.checkpoint()
            return Played(scenario: scenario, tenant: tenant, report: report, store: store)
        } catch let exit as ExitCode {
            throw exit
        } catch let error as InputError {
            throw Failure.report(error)
        } catch {
            Failure.printError("posture: \(error)")
            throw ExitCode.failure
        }
    }
}
