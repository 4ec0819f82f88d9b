import ArgumentParser
import Foundation
import History

/// Opens an existing history database for the query commands, or says why it cannot.
enum HistoryReader {
    static func open(_ db: String) throws -> HistoryStore {
        guard FileManager.default.fileExists(atPath: db) else {
            Failure.printError("posture: \(db): no such history database")
            throw Failure.invalidInput
        }
        do {
            return try HistoryStore(path: db)
        } catch {
            Failure.printError("posture: \(db): cannot open the history database: \(error)")
            throw ExitCode.failure
        }
    }
}
