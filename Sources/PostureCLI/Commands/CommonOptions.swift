import ArgumentParser
import Foundation
import Logging
import PolicyModel

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    /// A logger writing to stderr at the chosen level; the logging system is never bootstrapped globally.
    func logger(_ label: String = "posture") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Output formats for machine-readable commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Output formats for commands whose output is a document, not rows: no CSV, and `--help` says so.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// The one place the tool reads the wall clock: commands take `--at`/`--now` and fall back to it.
/// Everything below the CLI receives time as a value.
enum WallClock {
    static let now: @Sendable () -> Date = { Date() }
}

/// Parses `--now`/`--at` style arguments as ISO 8601 instants.
struct Instant: ExpressibleByArgument {
    let date: Date

    /// The given instant, or the wall clock's now.
    static func or(_ instant: Instant?) -> Date { instant?.date ?? WallClock.now() }

    init?(argument: String) {
        guard let date = ISO8601.parse(argument) else { return nil }
        self.date = date
    }
}
