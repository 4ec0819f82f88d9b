import History
import Logging
import PostgresNIO

/// One connection to a PostgreSQL server, used synchronously: each call sends its statement and
/// blocks the calling thread until the server answers. The history API is synchronous, and its
/// callers (commands, the cycle runner) run on ordinary threads, never on an event loop: blocking
/// on PostgresNIO's futures there is safe, and the connection's I/O runs on NIO's shared event loop
/// group. Calling these methods from an event-loop thread would deadlock; nothing in PostureSync does.
final class PostgresSession: @unchecked Sendable {
    // @unchecked: `PostgresConnection` is Sendable; the logger is immutable.
    let location: PostgresLocation
    private let connection: PostgresConnection
    private let logger: Logger

    /// Connects to `location`. A server that cannot be reached or refuses the user throws
    /// PostgresNIO's error.
    init(_ location: PostgresLocation, logger: Logger = Logger(label: "posture.history.postgres")) throws {
        self.location = location
        self.logger = logger
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw Self.describe(error, at: location, connecting: true)
        }
    }

    /// A PostgresNIO error as a `HistoryError` a user can act on, in one line that names the
    /// location (never its password): `.unreachable` when the connection failed or broke, else the
    /// server's own message (`.damaged`: a statement the history's schema did not take).
    static func describe(_ error: any Error, at location: PostgresLocation, connecting: Bool = false) -> any Error {
        guard let error = error as? PSQLError else {
            return connecting
                ? HistoryError(.unreachable, "cannot connect to \(location): \(error)") : error
        }
        if let info = error.serverInfo, let message = info[.message] {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            return HistoryError(connecting ? .unreachable : .damaged, "\(location): \(message)\(state)")
        }
        let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
        return HistoryError(.unreachable, "cannot reach \(location): \(reason)")
    }

    deinit {
        try? connection.close().wait()
    }

    /// The longest a statement may go unanswered: past it, the server is taken for gone (a network
    /// that drops packets without closing the connection) and the connection is closed.
    static let answerTimeout = TimeAmount.minutes(30)

    /// Runs statements without parameters, separated by semicolons (none inside them), one by one.
    func execute(_ sql: String) throws {
        for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
            _ = try rows(String(statement))
        }
    }

    /// Runs `sql` with `binds` for `$1`, `$2`, … and returns every row. A statement sent on a
    /// connection the server has closed is never answered (PostgresNIO 1.33), so it is not sent.
    func rows(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> [PostgresRow] {
        guard !connection.isClosed else {
            throw HistoryError(.unreachable, "cannot reach \(location): the server closed the connection")
        }
        do {
            return try answer(connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)).rows
        } catch {
            throw Self.describe(error, at: location)
        }
    }

    /// Waits for `future`, at most `answerTimeout`; then closes the connection and throws `.unreachable`.
    private func answer<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let promise = future.eventLoop.makePromise(of: T.self)
        let timeout = future.eventLoop.scheduleTask(in: Self.answerTimeout) {
            promise.fail(HistoryError(.unreachable, "\(self.location) did not answer for 30 minutes; gave up"))
        }
        future.whenComplete { result in
            timeout.cancel()
            promise.completeWith(result)
        }
        do {
            return try promise.futureResult.wait()
        } catch let error as HistoryError {
            _ = connection.close() as EventLoopFuture<Void>
            throw error
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. A
    /// connection that dies in between (a killed process) leaves the server to roll it back.
    func transaction<T>(_ begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
