import ArgumentParser
import Foundation
import History
import HistoryPostgres
import Orchestration
import PolicyModel
import Scheduling

/// The one way commands open the history database: queries read it (never creating, migrating or
/// writing it), runs take its lock and then write it; and the instants a query may ask about.
///
/// `--db` is a SQLite file, or a PostgreSQL history given as `postgres://user[:password]@host:port/db`
/// (`PostgresLocation`): the same commands, the same answers. Messages name the server without
/// the password; a server that cannot be reached is an I/O error (exit 74).
enum HistoryDatabase {
    /// The store at `path`, opened read only. A missing file is an I/O error (exit 74); a file that
    /// is not a history (empty, not SQLite, another schema) is bad input (exit 2). `stream`: the
    /// modelled results, or what Azure showed (`--source observed`).
    static func reading(_ path: String, stream: ResultStream = .model) throws -> any HistoryReading {
        if let server = try server(path) {
            do {
                return try PostgresHistoryStore(readingFrom: server, stream: stream)
            } catch {
                throw CommandError(error, file: server.description)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandError.io("posture: \(path): no such history database")
        }
        do {
            return try HistoryStore(readingFrom: path, stream: stream)
        } catch {
            throw CommandError(error, file: path)
        }
    }

    /// The store at `path` for a run, created if needed, with the run lock held: the lock first, so
    /// a missing folder is an I/O error (74) and only another run holding the lock is exit 75.
    /// A worker of a sharded run (`shard`) takes the lock its fellow workers share.
    static func writing(_ path: String, wait: Int, shard: Shard? = nil) throws -> (
        lock: any HistoryRunLock, store: any HistoryWriting
    ) {
        if let server = try server(path) {
            do {
                let lock = try PostgresRunLock(server, wait: .seconds(wait), shard: shard)
                return (lock, try PostgresHistoryStore(server))
            } catch {
                throw CommandError(error, file: server.description)
            }
        }
        let lock: RunLock
        do {
            lock = try RunLock(databasePath: path, wait: .seconds(wait), shard: shard)
        } catch {
            throw CommandError(error, file: path)
        }
        do {
            return (lock, try HistoryStore(path: path))
        } catch {
            throw CommandError(error, file: path)
        }
    }

    /// The store at `path` for writing `stream`, created if needed, for a caller that holds the run
    /// lock (`writing`): the observed cycles a run or an ingest records beside the modelled ones.
    static func store(_ path: String, stream: ResultStream) throws -> any HistoryWriting {
        if let server = try server(path) {
            do {
                return try PostgresHistoryStore(server, stream: stream)
            } catch {
                throw CommandError(error, file: server.description)
            }
        }
        do {
            return try HistoryStore(path: path, stream: stream)
        } catch {
            throw CommandError(error, file: path)
        }
    }

    /// The PostgreSQL history `path` names, nil for a SQLite file. A malformed connection string is
    /// bad usage (exit 64), printed without its password.
    static func server(_ path: String) throws -> PostgresLocation? {
        guard PostgresLocation.isConnectionString(path) else { return nil }
        do {
            return try PostgresLocation(path)
        } catch let error as PostgresLocation.Invalid {
            throw CommandError.usage("posture: --db \(error)")
        }
    }

    /// Whether `path` names a PostgreSQL history rather than a SQLite file.
    static func isServer(_ path: String) -> Bool {
        PostgresLocation.isConnectionString(path)
    }

    /// `path` as messages print it: a PostgreSQL location without its password.
    static func shown(_ path: String) -> String {
        (try? server(path))?.map(\.description) ?? path
    }

    /// Removes a history file this run created and then refused to fill: the database, its journal
    /// files and its lock file.
    static func discardCreated(_ path: String, lock: any HistoryRunLock) {
        guard let file = lock as? RunLock else { return }
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        unlink(file.path)
    }

    /// `--at`, else when the database's last cycle became visible. An instant before the first
    /// cycle became visible is refused: the history knows nothing of it.
    static func instant(_ at: Instant?, in store: any HistoryReading, option: String = "--at") throws -> Date {
        guard let first = try store.firstVisible(), let last = try store.lastCycle()?.visibleAt else {
            throw CommandError.badInput("posture: \(store.location): \(noCycle(store))")
        }
        guard let at else { return last }
        try requireRecorded(at.date, option: option, first: first, store: store)
        return at.date
    }

    /// What to say of a stream with no cycle, and how to record one.
    static func noCycle(_ store: any HistoryReading) -> String {
        store.stream == .observed
            ? "the history holds no observed cycle yet; record what Azure showed with `posture ingest`"
            : "the history holds no cycle yet; run `posture run` first"
    }

    /// Refuses `instant` (given as `option`) when it is before the history's first visible cycle.
    static func requireRecorded(_ instant: Date, option: String, in store: any HistoryReading) throws {
        guard let first = try store.firstVisible() else {
            throw CommandError.badInput("posture: \(store.location): \(noCycle(store))")
        }
        try requireRecorded(instant, option: option, first: first, store: store)
    }

    private static func requireRecorded(_ instant: Date, option: String, first: Date, store: any HistoryReading) throws
    {
        guard instant >= first else {
            throw CommandError.badInput(
                "posture: \(store.location): history starts at \(ISO8601.format(first)); \(option) \(ISO8601.format(instant)) is before it"
            )
        }
    }

    /// Refuses a range whose start is after its end (bad usage, exit 64).
    static func requireForward(_ start: Date, _ end: Date, options: (String, String)) throws {
        guard start <= end else {
            throw CommandError.usage(
                "posture: \(options.0) \(ISO8601.format(start)) is after \(options.1) \(ISO8601.format(end)); a range runs forward"
            )
        }
    }
}

/// `--source model|observed`: which results a history command reads.
struct SourceOption: ParsableArguments {
    @Option(help: "The results to read from the history: model (computed) or observed (ingested from Azure).")
    var source: ResultStream = .model
}

extension ResultStream: ExpressibleByArgument {}

/// A duration in the schedules' notation (`15d`, `36h`, `1d12h`) as a command-line value.
struct DurationArgument: ExpressibleByArgument {
    let seconds: Int

    init?(argument: String) {
        guard let seconds = DurationText.seconds(argument) else { return nil }
        self.seconds = seconds
    }
}
