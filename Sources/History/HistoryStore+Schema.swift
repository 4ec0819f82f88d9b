import GRDB

extension HistoryStore {
    /// The schema. Instants are stored as Unix seconds (REAL) and printed as UTC ISO 8601.
    ///
    /// - `tenant_versions`, `tenant_objects`: each recorded tenant, stored as validity intervals of
    ///   its objects (compact JSON, zlib-compressed), so a version costs only what changed.
    /// - `cycles`: every completed cycle, numbered by `seq` in visibility order (visible_at, start,
    ///   kind); a cycle is written in the same transaction as its results, so it exists only whole.
    /// - `resources`, `policies`, `texts`: dictionaries that keep the interval tables narrow.
    /// - `policy_states`, `assessments`: intervals `[from_seq, to_seq)` of cycle numbers: a row is
    ///   written when a result changes, not every day.
    /// - `scores`: per score computation, per subscription and control ('' = the subscription total).
    /// - `meta`: settings fixed at the first run (`since`); `scan_requests`: on-demand scans asked for.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tenant_versions (
                        version INTEGER PRIMARY KEY,
                        observed_at REAL NOT NULL,
                        digest TEXT NOT NULL,
                        object_count INTEGER NOT NULL
                    );
                    CREATE TABLE tenant_objects (
                        kind TEXT NOT NULL,
                        object_key TEXT NOT NULL,
                        from_version INTEGER NOT NULL,
                        to_version INTEGER,
                        digest INTEGER NOT NULL,
                        json BLOB NOT NULL,
                        PRIMARY KEY (kind, object_key, from_version)
                    ) WITHOUT ROWID;
                    CREATE INDEX tenant_objects_by_version ON tenant_objects (from_version, to_version);

                    CREATE TABLE cycles (
                        seq INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        start REAL NOT NULL,
                        visible_at REAL NOT NULL,
                        tenant_version INTEGER,
                        source TEXT NOT NULL,
                        status TEXT NOT NULL,
                        result_count INTEGER NOT NULL,
                        changed_count INTEGER NOT NULL,
                        UNIQUE (kind, start, source)
                    );
                    CREATE INDEX cycles_by_visibility ON cycles (kind, visible_at);

                    CREATE TABLE resources (
                        id INTEGER PRIMARY KEY,
                        resource_key TEXT NOT NULL UNIQUE,
                        resource_id TEXT NOT NULL,
                        subscription_id TEXT NOT NULL,
                        resource_type TEXT NOT NULL,
                        location TEXT,
                        resource_group TEXT
                    );
                    CREATE TABLE policies (
                        id INTEGER PRIMARY KEY,
                        assignment_id TEXT NOT NULL,
                        definition_id TEXT NOT NULL,
                        reference_id TEXT NOT NULL,
                        set_id TEXT,
                        action TEXT NOT NULL,
                        group_names TEXT NOT NULL,
                        UNIQUE (assignment_id, definition_id, reference_id, action)
                    );

                    CREATE TABLE policy_states (
                        resource INTEGER NOT NULL,
                        policy INTEGER NOT NULL,
                        from_seq INTEGER NOT NULL,
                        to_seq INTEGER,
                        state TEXT NOT NULL,
                        exemption_id TEXT,
                        exemption_category TEXT,
                        evaluated_at REAL NOT NULL,
                        PRIMARY KEY (resource, policy, from_seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX policy_states_open ON policy_states (to_seq, from_seq);

                    CREATE TABLE texts (
                        id INTEGER PRIMARY KEY,
                        text TEXT NOT NULL UNIQUE
                    );
                    CREATE TABLE assessments (
                        resource INTEGER NOT NULL,
                        assessment_key TEXT NOT NULL,
                        from_seq INTEGER NOT NULL,
                        to_seq INTEGER,
                        status TEXT NOT NULL,
                        cause INTEGER REFERENCES texts,
                        description INTEGER REFERENCES texts,
                        exemption_category TEXT,
                        origin INTEGER NOT NULL REFERENCES texts,
                        first_evaluation REAL NOT NULL,
                        status_change REAL NOT NULL,
                        PRIMARY KEY (resource, assessment_key, from_seq)
                    ) WITHOUT ROWID;
                    CREATE INDEX assessments_open ON assessments (to_seq, from_seq);

                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE scan_requests (at REAL PRIMARY KEY);

                    CREATE TABLE scores (
                        seq INTEGER NOT NULL,
                        subscription_id TEXT NOT NULL,
                        control_key TEXT NOT NULL,
                        display_name TEXT NOT NULL,
                        points REAL NOT NULL,
                        max REAL NOT NULL,
                        current REAL NOT NULL,
                        healthy INTEGER NOT NULL,
                        unhealthy INTEGER NOT NULL,
                        not_applicable INTEGER NOT NULL,
                        weight INTEGER NOT NULL,
                        PRIMARY KEY (seq, subscription_id, control_key)
                    ) WITHOUT ROWID;
                    """)
        }
        // The history queries: which intervals start between two cycles (`score delta`).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "CREATE INDEX assessments_by_start ON assessments (from_seq)")
        }
        return migrator
    }
}
