import History

/// A PostgreSQL history's database, connected and its schema created or upgraded
/// (`PostgresSchema`): what a PostgreSQL store of the history API is built on.
package final class PostgresHistoryDatabase: Sendable {
    /// Where the history is (without its password).
    package let location: PostgresLocation
    let session: PostgresSession

    /// Connects to `location` and migrates its schema. Throws `HistoryError` `.unknownSchema` for a
    /// database written by another version, and PostgresNIO's error for a server that cannot be
    /// reached or refuses the user.
    package init(_ location: PostgresLocation) throws {
        self.location = location
        session = try PostgresSession(location)
        try PostgresSchema.migrate(session)
    }

    /// The names of the schema steps applied, as SQLite's migrations are named.
    package func appliedSteps() throws -> Set<String> {
        try PostgresSchema.appliedSteps(session)
    }
}
