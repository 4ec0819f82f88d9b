import Foundation
import GRDB
import History
import Orchestration
import Testing

@testable import PostureCLI

/// Every error a command meets maps to one code of the README's table (issue 16 item 1, issue 15 item 4).
@Suite struct CommandErrorTests {
    @Test func eachKindOfErrorHasItsCode() {
        let cases: [(any Error, CommandError.Code)] = [
            (HistoryError(.outOfOrder, "a cycle arrives late"), .badInput),
            (HistoryError(.unknownSchema, "another version"), .badInput),
            (OrchestrationError(.clockBackwards, "before"), .badInput),
            (OrchestrationError(.busy, "held"), .busy),
            (HistoryError(.busy, "another run holds the advisory lock"), .busy),
            (OrchestrationError(.lockUnavailable, "no folder"), .io),
            (DatabaseError(resultCode: .SQLITE_NOTADB, message: "file is not a database"), .badInput),
            (DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed"), .badInput),
            (DatabaseError(resultCode: .SQLITE_CANTOPEN, message: "unable to open"), .io),
            (DatabaseError(resultCode: .SQLITE_FULL, message: "disk full"), .io),
            (DatabaseError(resultCode: .SQLITE_READONLY, message: "read only"), .io),
            (POSIXError(.ENOSPC), .io),
            (CocoaError(.fileNoSuchFile), .io),
        ]
        for (error, code) in cases {
            #expect(CommandError(error, file: "h.sqlite").code == code, "\(error)")
        }
    }

    @Test func theMessageNamesTheFile() {
        let error = CommandError(HistoryError(.damaged, "the change log is damaged", cycle: 7), file: "h.sqlite")
        #expect(error.lines == ["posture: h.sqlite: the change log is damaged"])
    }
}
