import ArgumentParser
import Foundation

/// The `posture` command: track cloud security posture over time.
package struct Posture: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "Track Azure Policy and Defender for Cloud security posture over time.",
        discussion: """
            Loads a tenant in Azure's own JSON shapes (Resource Graph exports, policy definitions, \
            assignments, exemptions), evaluates Azure Policy offline, and models Defender for Cloud's cycles.
            Exit codes: 0 success; 2 bad input (the file and the JSON path named); 64 bad usage; \
            74 an I/O error (a missing file or folder, an unwritable output); 75 another run holds the lock.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Validate.self, Evaluate.self, Check.self, States.self, Assessments.self, Score.self,
            Compliance.self,
            Run.self, Simulate.self, Lag.self, Export.self, Nightly.self,
            Scan.self, Ingest.self, HistoryCommand.self, Exemptions.self, MismatchCommand.self, Report.self,
            Review.self, Generate.self, Drift.self, Calibrate.self,
        ]
    )

    package init() {}

    /// Parses the arguments, runs the command, checks that its output was written, and exits with
    /// the code of the README's table.
    package static func main() async {
        let code = await execute(Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(code)
    }

    /// Runs one command line and returns its exit code; errors go to stderr, one line each.
    package static func execute(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            try StandardOutput.finish()
            return 0
        } catch {
            try? StandardOutput.finish()
            // Help, version, usage errors and `ExitCode`: argument-parser's own messages and codes (64 for usage).
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
                let message = fullMessage(for: error)
                let code = exitCode(for: error)
                if !message.isEmpty {
                    if code == .success { print(message) } else { printError(message) }
                }
                do { try StandardOutput.finish() } catch { return CommandError.Code.io.rawValue }
                return code.rawValue
            }
            let failure = CommandError(error)
            failure.lines.forEach(printError)
            return failure.code.rawValue
        }
    }

    /// One line on stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
