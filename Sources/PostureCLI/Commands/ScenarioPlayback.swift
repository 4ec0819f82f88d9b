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
    /// The history is written to a temporary file beside `db` and renamed to it only when the whole
    /// scenario played: a failed simulation leaves `db` as it was (absent, or empty), and no lock file
    /// beside an absent one.
    ///
    /// A PostgreSQL history (`postgres://…`) is played into in place, under its advisory lock: each
    /// cycle is a transaction there, and a failed simulation leaves the cycles before the failure.
    func play(into db: String, threads: Int, logger: Logger) throws -> (
        store: any HistoryReading, report: Simulator.Report
    ) {
        if HistoryDatabase.isServer(db) {
            let (lock, store) = try HistoryDatabase.writing(db, wait: 0)
            defer { withExtendedLifetime(lock) {} }
            do {
                guard try store.tenantVersions().isEmpty else {
                    throw CommandError.badInput(
                        "posture: \(store.location) already holds history; play the scenario into an empty database")
                }
                let runner = CycleRunner(store: store, schedule: schedule, logger: logger, threads: threads)
                return (store, try Simulator(runner: runner).play(scenario, tenant: tenant))
            } catch {
                throw CommandError(error, file: db)
            }
        }
        let lock: RunLock
        do { lock = try RunLock(databasePath: db, wait: .zero) } catch { throw CommandError(error, file: db) }
        defer { withExtendedLifetime(lock) {} }
        let url = URL(fileURLWithPath: db)
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
            .path
        do {
            if FileManager.default.fileExists(atPath: db), try !HistoryStore(path: db).tenantVersions().isEmpty {
                throw CommandError.badInput(
                    "posture: \(db) already holds history; play the scenario into a new database file")
            }
            Self.remove(partial)
            let report = try Self.play(
                scenario, tenant: tenant, schedule: schedule, into: partial, threads: threads, logger: logger)
            guard rename(partial, db) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: db])
            }
            Self.remove(partial)
            return (try HistoryStore(path: db), report)
        } catch {
            Self.remove(partial)
            // No history was made: the lock file made for it goes too, so a failed simulation leaves nothing.
            if !FileManager.default.fileExists(atPath: db) { unlink(lock.path) }
            throw CommandError(error, file: db)
        }
    }

    /// Plays into a new database at `path` and closes it with the whole history in the one file.
    private static func play(
        _ scenario: Scenario, tenant: Tenant, schedule: Schedule, into path: String, threads: Int, logger: Logger
    ) throws -> Simulator.Report {
        let store = try HistoryStore(path: path)
        let runner = CycleRunner(store: store, schedule: schedule, logger: logger, threads: threads)
        let report = try Simulator(runner: runner).play(scenario, tenant: tenant)
        try store.checkpoint()
        return report
    }

    /// Removes a database file and its journal files, if present.
    private static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
