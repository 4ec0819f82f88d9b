import Foundation
import GRDB

/// The history database: every tenant version and every cycle, in SQLite (WAL, busy timeout,
/// one write transaction per unit of work).
package final class HistoryStore: HistoryWriting, Sendable {
    /// The database file.
    package let path: String
    /// The results this store reads and writes: the modelled ones, or what Azure showed.
    package let stream: ResultStream
    /// The database file, as messages name it.
    package var location: String { path }
    let queue: DatabaseQueue

    /// How long a writer waits for another one before giving up.
    package static let busyTimeout: TimeInterval = 30

    /// Opens (creating if needed) and migrates the database at `path`; its cycles and results are
    /// those of `stream`.
    package init(path: String, stream: ResultStream = .model) throws {
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "posture.history"
        // WAL with synchronous=NORMAL: commits survive a killed process and never corrupt the file;
        // only a power cut may drop the last commits, which the next run redoes.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        self.path = path
        self.stream = stream
        try Self.refuseWhatIsNotAHistory(path)
        Self.createPrivately(path)
        queue = try DatabaseQueue(path: path, configuration: config)
        try Self.migrate(queue)
        if stream == .observed {
            try queue.inDatabase { db in try Self.shadowWithObserved(db, writable: true) }
        }
    }

    /// Creates or upgrades the schema. Processes that open a new file at once (the workers of a
    /// sharded run) race to apply the same steps: each step is a transaction, so a loser's step fails
    /// whole; it tries again, for up to `busyTimeout`, from the steps then applied. A schema this
    /// version does not know is refused at once.
    private static func migrate(_ queue: DatabaseQueue) throws {
        let migrator = Self.migrator
        let step = 0.2
        var waited = 0.0
        while true {
            do {
                try Self.refuseUnknownSchema(try queue.read { db in try migrator.appliedIdentifiers(db) })
                try migrator.migrate(queue)
                return
            } catch let error as HistoryError {
                throw error
            } catch {
                guard waited < busyTimeout else { throw error }
                Thread.sleep(forTimeInterval: step)
                waited += step
            }
        }
    }

    /// Opens an existing history for reading only: nothing is created, migrated or written. A file
    /// this process may write is opened with `PRAGMA query_only`, so SQLite still tidies its `-wal`
    /// and `-shm` files when the query ends; a file nobody may write (an archive, a backup, a
    /// read-only folder) is opened read only and immutable, so those files never appear beside it.
    ///
    /// `stream` says which results it reads; on `.observed`, the modelled ones are out of sight.
    package init(readingFrom path: String, stream: ResultStream = .model) throws {
        var config = Configuration()
        config.busyMode = .timeout(Self.busyTimeout)
        config.label = "posture.history"
        let location: String
        let writable = ReadOnlyFile.isWritable(path)
        if writable {
            location = path
        } else {
            config.readonly = true
            location = ReadOnlyFile.immutableURI(path)
        }
        self.path = path
        self.stream = stream
        queue = try DatabaseQueue(path: location, configuration: config)
        let applied = try queue.read { db in try Self.migrator.appliedIdentifiers(db) }
        try Self.refuseUnknownSchema(applied)
        guard !applied.isEmpty else {
            throw HistoryError(
                .notAHistory, "it holds no history (an empty database); give the file `posture run` writes")
        }
        guard applied.isSuperset(of: Self.migrator.migrations) else {
            throw HistoryError(
                .notAHistory,
                "it was written by an older version of PostureSync; run `posture run` on it once to upgrade it")
        }
        // The observed views first (temporary objects are writes), then nothing more.
        try queue.inDatabase { db in
            if stream == .observed { try Self.shadowWithObserved(db, writable: false) }
            if writable { try db.execute(sql: "PRAGMA query_only = 1") }
        }
    }

    /// Looks at an existing, non-empty file read only, before anything may write to it: another
    /// program's database (tables, but no history schema) or another schema is refused untouched.
    private static func refuseWhatIsNotAHistory(_ path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        // With a write-ahead log beside it, the file alone is not the whole database: the checks after
        // opening it (unknown schema) still hold there.
        guard size > 0, !FileManager.default.fileExists(atPath: path + "-wal") else { return }
        var config = Configuration()
        config.readonly = true
        let probe = try DatabaseQueue(path: ReadOnlyFile.immutableURI(path), configuration: config)
        let (applied, tables) = try probe.read { db in
            (try migrator.appliedIdentifiers(db), try String.fetchAll(db, sql: "SELECT name FROM sqlite_master"))
        }
        try probe.close()
        try refuseUnknownSchema(applied)
        guard !applied.isEmpty || tables.isEmpty else {
            throw HistoryError(
                .notAHistory, "it is a SQLite database with other tables, not a history; give a new file or a history")
        }
    }

    private static func refuseUnknownSchema(_ applied: Set<String>) throws {
        let unknown = applied.subtracting(migrator.migrations)
        guard unknown.isEmpty else {
            throw HistoryError(
                .unknownSchema,
                "it was written by another version of PostureSync (unknown schema steps: "
                    + "\(unknown.sorted().joined(separator: ", "))); keep it with that version or start a new history")
        }
    }
}

extension HistoryStore {
    /// Copies the write-ahead log into the database file and empties it: the end of a run, so the
    /// file alone holds the history and its size is the history's size.
    package func checkpoint() throws {
        try queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
