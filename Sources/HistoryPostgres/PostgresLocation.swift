import Foundation

/// Where a PostgreSQL history is: `postgres://user[:password]@host[:port]/database` (or
/// `postgresql://`), the form libpq and most tools take. The password, when given, never appears in
/// `description`, which messages print.
package struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    package var user: String
    package var password: String?
    package var host: String
    package var port: Int
    package var database: String

    /// Whether `text` names a PostgreSQL history rather than a SQLite file.
    package static func isConnectionString(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses a connection string. Throws `PostgresLocation.Invalid`, naming what is missing, for a
    /// string without a user, a host or a database, a port outside 1–65535, or query parameters
    /// (none are supported: TLS and the other libpq options are not).
    package init(_ text: String) throws {
        guard Self.isConnectionString(text), let url = URLComponents(string: text) else {
            throw Invalid(text: text, reason: "expected postgres://user@host:port/database")
        }
        guard let user = url.user, !user.isEmpty else {
            throw Invalid(text: text, reason: "no user (postgres://USER@host/db)")
        }
        guard let host = url.host, !host.isEmpty else { throw Invalid(text: text, reason: "no host") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(text: text, reason: "no database (postgres://user@host:port/DATABASE)")
        }
        let port = url.port ?? 5432
        guard (1...65535).contains(port) else { throw Invalid(text: text, reason: "port \(port) is out of range") }
        guard url.query == nil, url.fragment == nil else {
            throw Invalid(text: text, reason: "connection parameters (?…) are not supported")
        }
        self.user = user.removingPercentEncoding ?? user
        password = url.password.map { $0.removingPercentEncoding ?? $0 }
        self.host = host
        self.port = port
        self.database = database.removingPercentEncoding ?? database
    }

    /// The location without its password.
    package var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// A connection string that is not one: what is wrong with it.
    package struct Invalid: Error, Sendable, CustomStringConvertible {
        /// The string as given, password included: callers print `description`, which leaves it out.
        let text: String
        package let reason: String
        package var description: String {
            var shown = text
            if var url = URLComponents(string: text), url.password != nil {
                url.password = "***"
                shown = url.string ?? text
            }
            return "\(shown): \(reason)"
        }
    }
}
