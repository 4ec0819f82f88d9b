import GRDB

extension HistoryStore {
    /// The schema. Instants are stored as Unix seconds (REAL) and printed as UTC ISO 8601.
    ///
    /// - `tenant_versions`, `objects`, `tenant_objects`, `object_chunks`: each recorded tenant, stored
    ///   as validity intervals `[from_version, to_version)` of its objects, so a version costs only what
    ///   changed. An interval row points at its object's compact JSON inside a chunk: the objects a
    ///   version added or changed, sorted by kind and type, about 64 KB at a time, zlib-compressed.
    ///   An object's key (lower-cased id) is `key_suffix` after the key of its `prefix` object, if
    ///   any: the longest key recorded before it that it extends at a `/` or `|`. Objects are
    ///   indexed by kind, and interval rows by object, so a few kinds of a version read by index.
    /// - `cycles`: every completed cycle, numbered by `seq` in visibility order (visible_at, start,
    ///   kind); a cycle is written in the same transaction as its results, so it exists only whole.
    /// - `resources`, `policies`, `texts`: dictionaries that keep the interval tables narrow
    ///   (`texts`: exemption ids, assessment keys, causes, descriptions, origins, subscription ids,
    ///   control keys and names). Loaded whole by the writer, so they need no index on their text
    ///   beyond `texts`' own.
    /// - `policy_states`, `assessments`: intervals `[from_seq, to_seq)` of cycle numbers: a row is
    ///   written when a result changes, not every day. Keyed by `from_seq` first, so a cycle's new
    ///   rows are appended, and indexed by `to_seq`, so that the rows a cycle closed (and the open
    ///   rows, `to_seq IS NULL`) are a range too: what changed between cycles A and B is
    ///   `from_seq` in (A, B] plus `to_seq` in (A, B]. A state's timestamp is the start of the cycle
    ///   that wrote it (`from_seq`).
    /// - `assessment_changes`, `assessment_checkpoints`: the same assessments as a log of status
    ///   changes per Defender cycle and occasional full states, in blobs (see `AssessmentChangeLog`):
    ///   what `score delta` reads, so that a year's delta costs two states, not every interval row.
    /// - `scores`: per score computation, per subscription and control (control key '' = the
    ///   subscription total, whose `points` is its maximum and `current` its score; a control's
    ///   current score follows from its points and counts, so its `current` is NULL, except in
    ///   `observed_scores`, which keeps the `current` Azure reported).
    /// - `unevaluated_policies`: per engine policy cycle, the assigned policies it did not evaluate
    ///   and why (`cycles.assigned_policies` and `unevaluated_policies` hold the counts).
    /// - `meta`: settings fixed at the first run (`since`); `scan_requests`: on-demand scans asked for.
    /// - `observed_cycles`, `observed_policy_states`, `observed_assessments`, `observed_scores`,
    ///   `observed_assessment_changes`, `observed_assessment_checkpoints`, `observed_unevaluated_policies`:
    ///   what Azure showed (ingested), in the same shapes as their modelled namesakes but numbered and
    ///   ordered on their own, so a row's table says its source and the two never close each other's
    ///   intervals. The dictionaries are shared. A store opened on `ResultStream.observed` reads and
    ///   writes these tables under the modelled names (see `HistoryStore+Streams.swift`).
    /// - `observed_compliance`: what Defender's regulatory compliance lists showed, per observed
    ///   `compliance` cycle (see `HistoryStore+Compliance.swift`); the model has no namesake, as it
    ///   derives compliance from its policy states.
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
                    CREATE TABLE objects (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        prefix INTEGER REFERENCES objects,
                        key_suffix TEXT NOT NULL
                    );
                    CREATE TABLE object_chunks (
                        id INTEGER PRIMARY KEY,
                        json BLOB NOT NULL
                    );
                    CREATE TABLE tenant_objects (
                        from_version INTEGER NOT NULL,
                        object INTEGER NOT NULL REFERENCES objects,
                        to_version INTEGER,
                        digest INTEGER NOT NULL,
                        chunk INTEGER NOT NULL REFERENCES object_chunks,
                        offset INTEGER NOT NULL,
                        length INTEGER NOT NULL,
                        PRIMARY KEY (from_version, object)
                    ) WITHOUT ROWID;
                    CREATE INDEX tenant_objects_by_end ON tenant_objects (to_version);

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
                    CREATE TABLE texts (
                        id INTEGER PRIMARY KEY,
                        text TEXT NOT NULL UNIQUE
                    );

                    CREATE TABLE policy_states (
                        from_seq INTEGER NOT NULL,
                        resource INTEGER NOT NULL REFERENCES resources,
                        policy INTEGER NOT NULL REFERENCES policies,
                        to_seq INTEGER,
                        state TEXT NOT NULL,
                        exemption INTEGER REFERENCES texts,
                        exemption_category TEXT,
                        PRIMARY KEY (from_seq, resource, policy)
                    ) WITHOUT ROWID;
                    CREATE INDEX policy_states_by_end ON policy_states (to_seq);

                    CREATE TABLE assessments (
                        from_seq INTEGER NOT NULL,
                        resource INTEGER NOT NULL REFERENCES resources,
                        assessment_key INTEGER NOT NULL REFERENCES texts,
                        to_seq INTEGER,
                        status TEXT NOT NULL,
                        cause INTEGER REFERENCES texts,
                        description INTEGER REFERENCES texts,
                        exemption_category TEXT,
                        origin INTEGER NOT NULL REFERENCES texts,
                        first_evaluation REAL NOT NULL,
                        status_change REAL NOT NULL,
                        PRIMARY KEY (from_seq, resource, assessment_key)
                    ) WITHOUT ROWID;
                    CREATE INDEX assessments_by_end ON assessments (to_seq);
                    CREATE INDEX assessments_by_resource ON assessments (resource);

                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE scan_requests (at REAL PRIMARY KEY);

                    CREATE TABLE scores (
                        seq INTEGER NOT NULL,
                        subscription_id INTEGER NOT NULL REFERENCES texts,
                        control_key INTEGER NOT NULL REFERENCES texts,
                        display_name INTEGER NOT NULL REFERENCES texts,
                        points REAL NOT NULL,
                        current REAL,
                        healthy INTEGER NOT NULL,
                        unhealthy INTEGER NOT NULL,
                        not_applicable INTEGER NOT NULL,
                        weight INTEGER NOT NULL,
                        PRIMARY KEY (seq, subscription_id, control_key)
                    ) WITHOUT ROWID;
                    """)
        }
        // What `score delta` reads: the assessment change log, built from the interval rows of a
        // history recorded before it; the objects of some kinds of a version (a query's
        // recommendations and controls) by index. Nothing reads assessments by resource any more.
        migrator.registerMigration("v2 score delta") { db in
            try db.execute(
                sql: """
                    CREATE TABLE assessment_changes (
                        seq INTEGER PRIMARY KEY,
                        count INTEGER NOT NULL,
                        changes BLOB NOT NULL
                    );
                    CREATE TABLE assessment_checkpoints (
                        seq INTEGER PRIMARY KEY,
                        count INTEGER NOT NULL,
                        state BLOB NOT NULL
                    );
                    CREATE INDEX objects_by_kind ON objects (kind);
                    CREATE INDEX tenant_objects_by_object ON tenant_objects (object);
                    DROP INDEX assessments_by_resource;
                    """)
            try AssessmentChangeLog.backfill(db)
        }
        // What a policy cycle did not evaluate: how many policies were assigned and skipped (NULL for
        // cycles recorded before, ingested ones and Defender and score cycles), and which and why.
        migrator.registerMigration("v3 unevaluated policies") { db in
            try db.execute(
                sql: """
                    ALTER TABLE cycles ADD COLUMN assigned_policies INTEGER;
                    ALTER TABLE cycles ADD COLUMN unevaluated_policies INTEGER;
                    CREATE TABLE unevaluated_policies (
                        seq INTEGER NOT NULL REFERENCES cycles,
                        assignment_id TEXT NOT NULL,
                        definition_id TEXT NOT NULL,
                        reference_id TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        PRIMARY KEY (seq, assignment_id, definition_id, reference_id)
                    ) WITHOUT ROWID;
                    """)
        }
        // What Azure showed, kept apart from what the model computed: the result tables once more,
        // with their own cycle numbers. Empty until something is ingested, so a modelled history's
        // rows and dump stay as they were.
        migrator.registerMigration("v4 observed") { db in
            try db.execute(
                sql: """
                    CREATE TABLE observed_cycles (
                        seq INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        start REAL NOT NULL,
                        visible_at REAL NOT NULL,
                        tenant_version INTEGER,
                        source TEXT NOT NULL,
                        status TEXT NOT NULL,
                        result_count INTEGER NOT NULL,
                        changed_count INTEGER NOT NULL,
                        assigned_policies INTEGER,
                        unevaluated_policies INTEGER,
                        UNIQUE (kind, start, source)
                    );
                    CREATE INDEX observed_cycles_by_visibility ON observed_cycles (kind, visible_at);
                    CREATE TABLE observed_policy_states (
                        from_seq INTEGER NOT NULL,
                        resource INTEGER NOT NULL REFERENCES resources,
                        policy INTEGER NOT NULL REFERENCES policies,
                        to_seq INTEGER,
                        state TEXT NOT NULL,
                        exemption INTEGER REFERENCES texts,
                        exemption_category TEXT,
                        PRIMARY KEY (from_seq, resource, policy)
                    ) WITHOUT ROWID;
                    CREATE INDEX observed_policy_states_by_end ON observed_policy_states (to_seq);
                    CREATE TABLE observed_assessments (
                        from_seq INTEGER NOT NULL,
                        resource INTEGER NOT NULL REFERENCES resources,
                        assessment_key INTEGER NOT NULL REFERENCES texts,
                        to_seq INTEGER,
                        status TEXT NOT NULL,
                        cause INTEGER REFERENCES texts,
                        description INTEGER REFERENCES texts,
                        exemption_category TEXT,
                        origin INTEGER NOT NULL REFERENCES texts,
                        first_evaluation REAL NOT NULL,
                        status_change REAL NOT NULL,
                        PRIMARY KEY (from_seq, resource, assessment_key)
                    ) WITHOUT ROWID;
                    CREATE INDEX observed_assessments_by_end ON observed_assessments (to_seq);
                    CREATE TABLE observed_scores (
                        seq INTEGER NOT NULL,
                        subscription_id INTEGER NOT NULL REFERENCES texts,
                        control_key INTEGER NOT NULL REFERENCES texts,
                        display_name INTEGER NOT NULL REFERENCES texts,
                        points REAL NOT NULL,
                        current REAL,
                        healthy INTEGER NOT NULL,
                        unhealthy INTEGER NOT NULL,
                        not_applicable INTEGER NOT NULL,
                        weight INTEGER NOT NULL,
                        PRIMARY KEY (seq, subscription_id, control_key)
                    ) WITHOUT ROWID;
                    CREATE TABLE observed_assessment_changes (
                        seq INTEGER PRIMARY KEY,
                        count INTEGER NOT NULL,
                        changes BLOB NOT NULL
                    );
                    CREATE TABLE observed_assessment_checkpoints (
                        seq INTEGER PRIMARY KEY,
                        count INTEGER NOT NULL,
                        state BLOB NOT NULL
                    );
                    CREATE TABLE observed_unevaluated_policies (
                        seq INTEGER NOT NULL REFERENCES observed_cycles,
                        assignment_id TEXT NOT NULL,
                        definition_id TEXT NOT NULL,
                        reference_id TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        PRIMARY KEY (seq, assignment_id, definition_id, reference_id)
                    ) WITHOUT ROWID;
                    """)
        }
        // What Defender's regulatory compliance lists showed (`posture ingest compliance`): per observed
        // `compliance` cycles, each standard, control and assessment as intervals of cycles, as Azure gave them.
        migrator.registerMigration("v5 observed compliance") { db in
            try db.execute(sql: HistoryStore.observedComplianceTable)
        }
        // The workers of a sharded run (`posture run --shard K/N`) that recorded their part of a cycle.
        migrator.registerMigration("v6 cycle shards") { db in
            try db.execute(sql: HistoryStore.cycleShardsTable)
        }
        return migrator
    }
}
