import ArgumentParser
import Foundation
import History
import Orchestration
import PolicyModel
import Scheduling
import TenantIO

/// `--db`, `--schedule`, `--wait`: what every command that writes history takes.
struct RunOptions: ParsableArguments {
    @Option(help: "The history database (SQLite); created on first use.")
    var db: String

    @Option(help: "The schedule (YAML), e.g. Schedules/azure-observed.yaml.")
    var schedule: String

    @Option(help: "Seconds to wait for another run holding the database before giving up (exit 75).")
    var wait: Int = 0

    @Option(help: "Evaluation threads; default: the machine's cores.")
    var threads: Int?

    /// The exit code cron users know as EX_TEMPFAIL: try again later.
    static let busy = ExitCode(75)

    func loadSchedule() throws -> Schedule {
        do {
            return try Schedule.load(path: schedule)
        } catch {
            Failure.printError(error.description)
            throw Failure.invalidInput
        }
    }

    func lock() throws -> RunLock {
        try Self.lock(db, wait: wait)
    }

    /// Takes the database's run lock, or prints why not and exits 75.
    static func lock(_ db: String, wait: Int) throws -> RunLock {
        do {
            return try RunLock(databasePath: db, wait: .seconds(wait))
        } catch {
            Failure.printError("posture: \(error)")
            throw busy
        }
    }

    func openStore() throws -> HistoryStore {
        do {
            return try HistoryStore(path: db)
        } catch {
            Failure.printError("posture: \(db): cannot open the history database: \(error)")
            throw ExitCode.failure
        }
    }
}

/// Reads a tenant directory, or exits 2 with its diagnostics.
enum TenantInput {
    static func load(_ directory: String, options: CommonOptions) throws -> Tenant {
        do {
            return try TenantDirectory(directory).load(logger: options.logger())
        } catch {
            throw Failure.report(error)
        }
    }
}
