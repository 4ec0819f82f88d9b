import ArgumentParser
import Foundation
import GRDB
import History
import Orchestration
import PolicyModel
import Scheduling

/// How a command fails: its lines on stderr and one exit code from the README's table. Every error
/// a command meets becomes one of these in `init(_:)`, so the table holds by construction.
struct CommandError: Error, CustomStringConvertible {
    /// The exit codes, each with one meaning (sysexits.h where it has one).
    enum Code: Int32 {
        /// Bad input: a file or a value in it, named with its path.
        case badInput = 2
        /// Bad usage: options that do not go together, a range that runs backwards.
        case usage = 64
        /// A service the command needs failed: `az` exited with an error.
        case unavailable = 69
        /// An I/O error: a missing file or folder, an unwritable output.
        case io = 74
        /// Another run holds the lock, or a worker of a sharded run waited in vain for the others:
        /// try again later.
        case busy = 75
    }

    let code: Code
    /// One problem a line.
    let lines: [String]

    init(_ code: Code, _ lines: [String]) {
        self.code = code
        self.lines = lines
    }

    init(_ code: Code, _ line: String) {
        self.init(code, [line])
    }

    static func badInput(_ line: String) -> CommandError { CommandError(.badInput, line) }
    static func usage(_ line: String) -> CommandError { CommandError(.usage, line) }
    static func io(_ line: String) -> CommandError { CommandError(.io, line) }

    var description: String { lines.joined(separator: "\n") }

    /// Any error a command meets, classified; `file` names what it concerns (a database, a schedule)
    /// when the error does not say it itself.
    init(_ error: any Error, file: String? = nil) {
        // A PostgreSQL history's connection string is named without its password.
        let prefix = "posture: " + (file.map { "\(HistoryDatabase.shown($0)): " } ?? "")
        switch error {
        case let error as CommandError:
            self = error
        case let error as InputError:
            self.init(.badInput, error.diagnostics.map(\.description))
        case let error as Diagnostic:
            self.init(.badInput, error.description)
        case let error as ScheduleError:
            self.init(.badInput, error.description)
        case let error as HistoryError where error.code == .busy || error.code == .awaitingShards:
            self.init(.busy, "posture: " + error.message)
        case let error as HistoryError where error.code == .shardMismatch:
            self.init(.usage, "posture: " + error.message)
        case let error as HistoryError where error.code == .unreachable:
            self.init(.io, "posture: " + error.message)
        case let error as HistoryError:
            self.init(.badInput, prefix + error.message)
        case let error as OrchestrationError:
            switch error.code {
            case .busy: self.init(.busy, "posture: " + error.message)
            case .lockUnavailable: self.init(.io, "posture: " + error.message)
            case .clockBackwards, .noTenantVersion: self.init(.badInput, prefix + error.message)
            }
        case let error as DatabaseError:
            self.init(Self.code(of: error.resultCode), prefix + (error.message ?? "\(error.resultCode)"))
        case let error as CocoaError where error.isFileError:
            self.init(.io, prefix + error.localizedDescription)
        case let error as POSIXError:
            self.init(.io, prefix + String(cString: strerror(error.code.rawValue)))
        default:
            // Whatever else a command meets comes from reading its input (a scenario, a report's history).
            self.init(.badInput, prefix + "\(error)")
        }
    }

    /// SQLite's primary result codes: what the file is (not a database, damaged) is bad input;
    /// what the system refused (no such folder, a full disk, read only) is an I/O error.
    private static func code(of result: ResultCode) -> Code {
        switch result.primaryResultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT, .SQLITE_FORMAT, .SQLITE_SCHEMA, .SQLITE_MISMATCH, .SQLITE_CONSTRAINT:
            return .badInput
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .busy
        default:
            return .io
        }
    }
}

extension CocoaError {
    fileprivate var isFileError: Bool { code.rawValue >= 4 && code.rawValue <= 642 }
}
