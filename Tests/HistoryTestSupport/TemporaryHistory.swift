import Foundation
import History
import HistoryPostgres
import TestSupport

/// A history of its own for one test: a SQLite file in a temporary folder, or a database of its
/// own in the process's PostgreSQL cluster (`PostgresCluster.shared`); removed or dropped when the
/// fixture goes. Empty, or a copy of a `HistoryTemplate`.
package final class TemporaryHistory: Sendable {
    /// A store on the modelled stream, its schema created.
    package let store: any HistoryWriting
    private let place: HistoryPlace

    /// A new history on `backend`: empty, or holding what `template` recorded.
    package init(_ backend: Backend, copying template: HistoryTemplate? = nil) throws {
        place = try HistoryPlace(backend, copying: template?.place)
        store = try place.open(stream: .model)
    }

    /// Another store on this history, reading and writing `stream`: what `posture ingest` opens.
    package func open(stream: ResultStream) throws -> any HistoryWriting { try place.open(stream: stream) }

    /// A store that only reads `stream`, as the query commands open one.
    package func reader(stream: ResultStream = .model) throws -> any HistoryReading {
        try place.reader(stream: stream)
    }
}

/// A history recorded once and copied by each test that writes into it (`TemporaryHistory(_:copying:)`):
/// a SQLite file, or a PostgreSQL database nothing stays connected to, which PostgreSQL can copy.
package final class HistoryTemplate: Sendable {
    let place: HistoryPlace

    /// Records a history on `backend` with `record`, given a store on the modelled stream that is
    /// closed when it returns.
    package init(_ backend: Backend, record: (any HistoryWriting) throws -> Void) throws {
        place = try HistoryPlace(backend, copying: nil)
        let store = try place.open(stream: .model)
        try record(store)
        try store.checkpoint()
    }
}

/// Where a temporary history is: a folder holding its SQLite file, removed when it goes, or a
/// database in the shared cluster, which drops itself.
final class HistoryPlace: Sendable {
    private enum Storage {
        case file(folder: URL, path: String)
        case database(PostgresDatabase)
    }

    private let storage: Storage

    init(_ backend: Backend, copying template: HistoryPlace?) throws {
        switch (backend, template?.storage) {
        case (.sqlite, .database), (.postgres, .file):
            preconditionFailure("a \(backend) history cannot copy a history of the other backend")
        case (.sqlite, let source):
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "posture-history-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("history.sqlite").path
            if case .file(_, let original) = source {
                try FileManager.default.copyItem(atPath: original, toPath: path)
            }
            storage = .file(folder: folder, path: path)
        case (.postgres, let source):
            guard case .database(let original) = source else {
                storage = .database(try PostgresDatabase())
                return
            }
            storage = .database(try PostgresDatabase(copying: original))
        }
    }

    deinit {
        if case .file(let folder, _) = storage { try? FileManager.default.removeItem(at: folder) }
    }

    func open(stream: ResultStream) throws -> any HistoryWriting {
        switch storage {
        case .file(_, let path): try HistoryStore(path: path, stream: stream)
        case .database(let database): try PostgresHistoryStore(PostgresLocation(database.url), stream: stream)
        }
    }

    func reader(stream: ResultStream) throws -> any HistoryReading {
        switch storage {
        case .file(_, let path): try HistoryStore(readingFrom: path, stream: stream)
        case .database(let database):
            try PostgresHistoryStore(readingFrom: PostgresLocation(database.url), stream: stream)
        }
    }
}
