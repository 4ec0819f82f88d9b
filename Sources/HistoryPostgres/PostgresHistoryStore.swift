import Foundation
import History

/// The history on a PostgreSQL server, behind the same API as `HistoryStore` (SQLite): the same
/// tables, the same ids, the same answers, the same dump. Each `HistoryWriting` method is one
/// transaction; each read is one read-only REPEATABLE READ transaction, so it sees one consistent
/// state however many tables it reads. Calls are serialised on the store's one connection.
///
/// On `ResultStream.observed`, temporary views named after the modelled tables show the
/// `observed_*` tables: PostgreSQL looks in the session's temporary schema first, and a view over
/// one table is updatable, so every statement serves both streams as written.
package final class PostgresHistoryStore: HistoryWriting, @unchecked Sendable {
    // @unchecked: the session is used under `lock` only.
    /// Where the history is, without its password.
    package let server: PostgresLocation
    package let stream: ResultStream
    package var location: String { server.description }
    let session: PostgresSession
    private let lock = NSLock()

    /// Connects to `location`, creates or upgrades its schema (`PostgresSchema`) and reads and
    /// writes the results of `stream`. Throws `HistoryError` `.unknownSchema` for a database written
    /// by another version, PostgresNIO's error for a server that cannot be reached.
    package init(_ location: PostgresLocation, stream: ResultStream = .model) throws {
        server = location
        self.stream = stream
        session = try PostgresHistoryDatabase(location).session
        try shadowWithObserved()
    }

    /// Connects to an existing history for reading: nothing is created or migrated. A database
    /// without the history's schema, or with an older one, is `.notAHistory`; with steps this
    /// version does not know, `.unknownSchema`.
    package init(readingFrom location: PostgresLocation, stream: ResultStream = .model) throws {
        server = location
        self.stream = stream
        session = try PostgresSession(location)
        let applied = try PostgresSchema.appliedSteps(session)
        try PostgresSchema.refuseUnknown(applied, at: location)
        guard !applied.isEmpty else {
            throw HistoryError(
                .notAHistory, "\(location) holds no history; give the database `posture run` writes")
        }
        guard applied.isSuperset(of: PostgresSchema.steps.map(\.name)) else {
            throw HistoryError(
                .notAHistory,
                "\(location) was written by an older version of PostureSync; run `posture run` on it once to upgrade it"
            )
        }
        try shadowWithObserved()
    }

    /// On the observed stream: a temporary view per result table, under its modelled name.
    private func shadowWithObserved() throws {
        guard stream == .observed else { return }
        for (name, _) in ResultStream.tables {
            try session.execute("CREATE TEMPORARY VIEW \(name) AS SELECT * FROM observed_\(name)")
        }
    }

    /// Runs `body` in one read-only transaction that sees one snapshot of the history.
    func read<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Serialises the write transactions of every process on one history (a transaction-scoped
    /// advisory lock): the workers of a sharded run write at once, and a row's id is the next free
    /// one when its transaction writes it.
    static let writeLockKey: Int64 = 0x706F_7374_7572_6532  // "posture2"

    /// Runs `body` in one transaction: all its writes or none, after every other writer's.
    func write<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try session.transaction("BEGIN") {
            _ = try session.query("SELECT pg_advisory_xact_lock($1)", [.int(Self.writeLockKey)])
            return try body()
        }
    }

    /// Nothing to fold: the server's write-ahead log is the server's business.
    package func checkpoint() throws {}

    /// Whether the history holds any observed cycle (whatever stream this store reads).
    package func holdsObservedCycles() throws -> Bool {
        try read { try session.query("SELECT EXISTS (SELECT 1 FROM observed_cycles)")[0].bool(0) }
    }
}
