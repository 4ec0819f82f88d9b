import Foundation
import GRDB

/// The history database: every tenant version and every cycle, in SQLite (WAL, busy timeout,
/// one write transaction per unit of work).
public final class HistoryStore: Sendable {
    /// The database file.
    public let path: String
    let queue: DatabaseQueue

    /// How long a writer waits for another one before giving up.
    public static let busyTimeout: TimeInterval = 30

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "posture.history"
        // WAL with synchronous=NORMAL: commits survive a killed process and never corrupt the file;
        // only a power cut may drop the last commits, which the next run redoes.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        self.path = path
        Self.createPrivately(path)
        queue = try DatabaseQueue(path: path, configuration: config)
        let migrator = Self.migrator
        let unknown = try queue.read { db in try migrator.appliedIdentifiers(db) }.subtracting(migrator.migrations)
        guard unknown.isEmpty else {
            throw HistoryError(
                "it was written by another version of PostureSync (unknown schema steps: \(unknown.sorted().joined(separator: ", "))); keep it with that version or start a new history")
        }
        try migrator.migrate(queue)
    }
}

extension HistoryStore {
    /// Copies the write-ahead log into the database file and empties it: the end of a run, so the
    /// file alone holds the history and its size is the history's size.
    public func checkpoint() throws {
        try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
