import ArgumentParser
import Foundation
import History
import Logging
import Orchestration
import PolicyModel
import Scheduling
import TenantIO

/// `--db`, `--schedule`, `--wait`: what every command that writes history takes.
struct RunOptions: ParsableArguments {
    @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db); created on first use.")
    var db: String

    @Option(help: "The schedule (YAML), e.g. Schedules/azure-observed.yaml.")
    var schedule: String

    @Option(help: "Seconds to wait for another run holding the database before giving up (exit 75).")
    var wait: Int = 0

    @Option(help: "Evaluation threads; default: the machine's cores.")
    var threads: Int?

    func loadSchedule() throws -> Schedule {
        try Schedule.load(path: schedule)
    }

    /// The run lock, then the store (see `HistoryDatabase.writing`).
    func open() throws -> (lock: any HistoryRunLock, store: any HistoryWriting) {
        try HistoryDatabase.writing(db, wait: wait)
    }
}

/// Reads a tenant directory, or exits 2 with its diagnostics.
enum TenantInput {
    static func load(_ directory: String, options: CommonOptions) throws -> Tenant {
        try load(directory, logger: options.logger())
    }

    /// A missing directory is an I/O error (exit 74); a problem inside it is bad input (exit 2).
    static func load(_ directory: String, logger: Logger) throws -> Tenant {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError.io("posture: \(directory): no such tenant directory")
        }
        return try TenantDirectory(directory).load(logger: logger)
    }
}
