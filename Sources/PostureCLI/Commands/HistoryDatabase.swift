import ArgumentParser
import Foundation
import History
import Orchestration
import PolicyModel
import Scheduling

/// The one way commands open the history database: queries read it (never creating, migrating or
/// writing it), runs take its lock and then write it; and the instants a query may ask about.
enum HistoryDatabase {
    /// The store at `path`, opened read only. A missing file is an I/O error (exit 74); a file that
    /// is not a history (empty, not SQLite, another schema) is bad input (exit 2). `stream`: the
    /// modelled results, or what Azure showed (`--source observed`).
    static func reading(_ path: String, stream: ResultStream = .model) throws -> any HistoryReading {
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
    static func writing(_ path: String, wait: Int) throws -> (lock: any HistoryRunLock, store: any HistoryWriting) {
        let lock: RunLock
        do {
            lock = try RunLock(databasePath: path, wait: .seconds(wait))
        } catch {
            throw CommandError(error, file: path)
        }
        do {
            return (lock, try HistoryStore(path: path))
        } catch {
            throw CommandError(error, file: path)
        }
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
