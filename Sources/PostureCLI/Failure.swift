import ArgumentParser
import Foundation
import PolicyModel

/// How commands end on bad input: every problem on its own line on stderr, then exit code 2.
enum Failure {
    /// The exit code for invalid input (files, JSON, references).
    static let invalidInput = ExitCode(2)

    /// Prints the diagnostics and returns the exit code to throw.
    static func report(_ error: InputError) -> ExitCode {
        for diagnostic in error.diagnostics { printError(diagnostic.description) }
        return invalidInput
    }

    /// One line on stderr, or into `collected` when a caller (a test running commands in process) set it.
    static func printError(_ line: String) {
        if let collected {
            collected.append(line)
            return
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Collects the error lines of the commands run in this task instead of printing them.
    @TaskLocal static var collected: Lines?

    /// Error lines collected in place of stderr.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []

        /// The lines, in order.
        var lines: [String] { lock.withLock { stored } }

        func append(_ line: String) {
            lock.withLock { stored.append(line) }
        }
    }
}
