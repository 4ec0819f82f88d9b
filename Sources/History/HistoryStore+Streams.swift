import GRDB

/// Which results a history holds side by side: what PostureSync computed from the tenant's
/// configuration, or what Azure showed (ingested from its exports).
package enum ResultStream: String, Sendable, Hashable, CaseIterable {
    /// The modelled cycles (`posture run`, `simulate`, `nightly`).
    case model
    /// The observed cycles (`posture ingest`): Azure's own policy states, assessments and scores.
    case observed
}

extension ResultStream {
    /// The result tables each stream keeps: the modelled ones by these names, the observed ones
    /// prefixed `observed_` (see the schema), with their key columns.
    package static let tables: [(name: String, key: [String])] = [
        ("cycles", ["seq"]),
        ("policy_states", ["from_seq", "resource", "policy"]),
        ("assessments", ["from_seq", "resource", "assessment_key"]),
        ("scores", ["seq", "subscription_id", "control_key"]),
        ("assessment_changes", ["seq"]),
        ("assessment_checkpoints", ["seq"]),
        ("unevaluated_policies", ["seq", "assignment_id", "definition_id", "reference_id"]),
    ]
}

extension HistoryStore {
    /// Makes this connection see the observed tables under the modelled names: a temporary view per
    /// table, which SQLite resolves before the main schema's table of the same name, and, when
    /// `writable`, triggers that turn writes to a view into writes to its table. Every query and
    /// every cycle writer then serves both streams as they are, and an observed cycle can never
    /// touch a modelled row. Temporary objects live in the connection alone: the file is unchanged.
    static func shadowWithObserved(_ db: Database, writable: Bool) throws {
        for (name, key) in ResultStream.tables {
            // Unqualified in the triggers (SQLite allows no other there): no temporary object shares the name.
            let table = "observed_\(name)"
            let columns = try db.columns(in: "observed_\(name)", in: "main").map(\.name)
            var sql = "CREATE TEMP VIEW \(name) AS SELECT * FROM main.\(table);\n"
            if writable {
                let list = columns.joined(separator: ", ")
                let values = columns.map { "NEW.\($0)" }.joined(separator: ", ")
                let match = key.map { "\($0) = OLD.\($0)" }.joined(separator: " AND ")
                let assignments = columns.map { "\($0) = NEW.\($0)" }.joined(separator: ", ")
                sql += """
                    CREATE TEMP TRIGGER \(name)_insert INSTEAD OF INSERT ON \(name)
                    BEGIN INSERT INTO \(table) (\(list)) VALUES (\(values)); END;
                    CREATE TEMP TRIGGER \(name)_update INSTEAD OF UPDATE ON \(name)
                    BEGIN UPDATE \(table) SET \(assignments) WHERE \(match); END;
                    CREATE TEMP TRIGGER \(name)_delete INSTEAD OF DELETE ON \(name)
                    BEGIN DELETE FROM \(table) WHERE \(match); END;

                    """
            }
            try db.execute(sql: sql)
        }
    }

    /// Whether the history holds any observed cycle (whatever stream this store reads).
    package func holdsObservedCycles() throws -> Bool {
        try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.observed_cycles)") ?? false
        }
    }
}
