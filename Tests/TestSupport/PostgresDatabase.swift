import Foundation
import Logging
import PostgresNIO

/// A database of its own for one test in the process's cluster (`PostgresCluster.shared`):
/// created empty or as a copy of another database (which nothing may be connected to), dropped
/// when it goes, connections and all. Creating one takes milliseconds where a cluster takes seconds.
///
/// An empty database sorts text by ICU's en-US collation, not byte by byte: a real server's
/// databases take their locale from the system (often `en_US.UTF-8`), and the history must answer
/// there exactly as SQLite does, so the tests do not run in the one collation that would hide an
/// ORDER BY without `COLLATE "C"`.
public final class PostgresDatabase: Sendable {
    /// The database's name: unique in the cluster.
    public let name: String
    /// Its connection string, as the `posture` user (trust authentication).
    public let url: String
    private let cluster: PostgresCluster

    /// Creates the database, starting the shared cluster if no test did before. Throws
    /// `PostgresCluster.Failure` when the cluster cannot start or refuses the statement.
    public init(copying template: PostgresDatabase? = nil) throws {
        cluster = try PostgresCluster.shared.get()
        name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "_").lowercased()
        if let template {
            try cluster.administer("CREATE DATABASE \(name) TEMPLATE \(template.name)")
        } else {
            try cluster.administer(
                "CREATE DATABASE \(name) TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")
        }
        url = cluster.url(database: name)
    }

    deinit { try? cluster.administer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}

extension PostgresCluster {
    /// The connection string of `database` in this cluster, as the `posture` user.
    public func url(database: String) -> String { "postgres://posture@127.0.0.1:\(port)/\(database)" }

    /// Runs one statement on the cluster's `postgres` database, outside a transaction (where
    /// `CREATE DATABASE` and `DROP DATABASE` must run), on a connection of its own.
    public func administer(_ statement: String) throws {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: "posture", password: nil, database: "postgres", tls: .disable)
        let logger = Logger(label: "posture.tests.postgres") { _ in SwiftLogNoOpLogHandler() }
        do {
            let connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 0, logger: logger
            ).wait()
            defer { try? connection.close().wait() }
            _ = try connection.simpleQuery(statement).wait()
        } catch let error as PSQLError {
            let message = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw Failure(step: statement, output: message)
        }
    }
}
