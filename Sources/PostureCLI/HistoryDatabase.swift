import ArgumentParser
import Foundation
import History
import Scheduling

/// Opening an existing history database for a query, and the instant a query defaults to.
enum HistoryDatabase {
    /// The store at `path`, or a one-line error and exit 2 when there is none.
    static func open(_ path: String) throws -> HistoryStore {
        guard FileManager.default.fileExists(atPath: path) else {
            Failure.printError("posture: \(path): no such history database")
            throw Failure.invalidInput
        }
        do {
            return try HistoryStore(path: path)
        } catch {
            Failure.printError("posture: \(path): cannot open the history database: \(error)")
            throw ExitCode.failure
        }
    }

    /// `--at`, else when the database's last cycle became visible, else the wall clock's now.
    static func instant(_ at: Instant?, in store: HistoryStore) throws -> Date {
        if let at { return at.date }
        return try store.cycles().map(\.visibleAt).max() ?? WallClock.now()
    }
}

/// A duration in the schedules' notation (`15d`, `36h`, `1d12h`) as a command-line value.
struct DurationArgument: ExpressibleByArgument {
    let seconds: Int

    init?(argument: String) {
        guard let seconds = DurationText.seconds(argument) else { return nil }
        self.seconds = seconds
    }
}
