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

/// Parses `--now`/`--at` style arguments as ISO 8601 instants.
struct Instant: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        guard let date = ISO8601.parse(argument) else { return nil }
        self.date = date
    }
}
