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

    /// One line on stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
