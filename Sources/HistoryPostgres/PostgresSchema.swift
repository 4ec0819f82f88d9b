import History
import PostgresNIO

/// The history's schema on PostgreSQL: the same tables, columns and steps as SQLite's
/// (`HistoryStore.migrator`), in PostgreSQL's types (`DOUBLE PRECISION` for instants in Unix
/// seconds, `BYTEA` for blobs, `BIGINT` for integers). Applied steps are recorded by name in
/// `schema_steps`; a database holding a step this version does not know is refused untouched,
/// as a SQLite history is.
///
/// A PostgreSQL history is always created by this version, with every step at once: no rows
/// predate a step, so the SQLite steps' data conversions (the change log's backfill) have nothing
/// to convert here.
enum PostgresSchema {
    /// The steps in order, named as SQLite's migrations are.
    static let steps: [(name: String, sql: String)] = [
        ("v1", v1),
        ("v2 score delta", v2),
        ("v3 unevaluated policies", v3),
        ("v4 observed", v4),
        ("v5 observed compliance", v5),
        ("v6 cycle shards", v6),
    ]

    /// Serialises two processes creating or upgrading one database at once (a transaction-scoped
    /// advisory lock; the run lock is another key).
    static let migrationLockKey: Int64 = 0x706F_7374_7572_6531  // "posture1"

    /// Creates or upgrades the schema in one transaction. Throws `HistoryError` `.unknownSchema`
    /// when the database holds steps this version does not know.
    static func migrate(_ session: PostgresSession) throws {
        try session.transaction {
            var binds = PostgresBindings()
            binds.append(migrationLockKey)
            _ = try session.rows("SELECT pg_advisory_xact_lock($1)", binds)
            try session.execute("CREATE TABLE IF NOT EXISTS schema_steps (name TEXT PRIMARY KEY)")
            let applied = try appliedSteps(session)
            try refuseUnknown(applied, at: session.location)
            for step in steps where !applied.contains(step.name) {
                try session.execute(step.sql)
                var name = PostgresBindings()
                name.append(step.name)
                _ = try session.rows("INSERT INTO schema_steps (name) VALUES ($1)", name)
            }
        }
    }

    /// The names of the steps applied to the database (none when it holds no history schema).
    static func appliedSteps(_ session: PostgresSession) throws -> Set<String> {
        let found = try session.rows("SELECT to_regclass('schema_steps') IS NOT NULL")
        let exists = try found.first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        return Set(try session.rows("SELECT name FROM schema_steps").map { try $0.decode(String.self) })
    }

    static func refuseUnknown(_ applied: Set<String>, at location: PostgresLocation) throws {
        let unknown = applied.subtracting(steps.map(\.name))
        guard unknown.isEmpty else {
            throw HistoryError(
                .unknownSchema,
                "\(location) was written by another version of PostureSync (unknown schema steps: "
                    + "\(unknown.sorted().joined(separator: ", "))); keep it with that version or start a new history")
        }
    }

    private static let v1 = """
        CREATE TABLE tenant_versions (
            version BIGINT PRIMARY KEY,
            observed_at DOUBLE PRECISION NOT NULL,
            digest TEXT NOT NULL,
            object_count BIGINT NOT NULL
        );
        CREATE TABLE objects (
            id BIGINT PRIMARY KEY,
            kind TEXT NOT NULL,
            prefix BIGINT REFERENCES objects,
            key_suffix TEXT NOT NULL
        );
        CREATE TABLE object_chunks (
            id BIGINT PRIMARY KEY,
            json BYTEA NOT NULL
        );
        CREATE TABLE tenant_objects (
            from_version BIGINT NOT NULL,
            object BIGINT NOT NULL REFERENCES objects,
            to_version BIGINT,
            digest BIGINT NOT NULL,
            chunk BIGINT NOT NULL REFERENCES object_chunks,
            "offset" BIGINT NOT NULL,
            length BIGINT NOT NULL,
            PRIMARY KEY (from_version, object)
        );
        CREATE INDEX tenant_objects_by_end ON tenant_objects (to_version);

        CREATE TABLE cycles (
            seq BIGINT PRIMARY KEY,
            kind TEXT NOT NULL,
            start DOUBLE PRECISION NOT NULL,
            visible_at DOUBLE PRECISION NOT NULL,
            tenant_version BIGINT,
            source TEXT NOT NULL,
            status TEXT NOT NULL,
            result_count BIGINT NOT NULL,
            changed_count BIGINT NOT NULL,
            UNIQUE (kind, start, source)
        );
        CREATE INDEX cycles_by_visibility ON cycles (kind, visible_at);

        CREATE TABLE resources (
            id BIGINT PRIMARY KEY,
            resource_id TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            location TEXT,
            resource_group TEXT
        );
        CREATE TABLE policies (
            id BIGINT PRIMARY KEY,
            assignment_id TEXT NOT NULL,
            definition_id TEXT NOT NULL,
            reference_id TEXT NOT NULL,
            set_id TEXT,
            action TEXT NOT NULL,
            group_names TEXT NOT NULL,
            UNIQUE (assignment_id, definition_id, reference_id, action)
        );
        CREATE TABLE texts (
            id BIGINT PRIMARY KEY,
            text TEXT NOT NULL UNIQUE
        );

        CREATE TABLE policy_states (
            from_seq BIGINT NOT NULL,
            resource BIGINT NOT NULL REFERENCES resources,
            policy BIGINT NOT NULL REFERENCES policies,
            to_seq BIGINT,
            state TEXT NOT NULL,
            exemption BIGINT REFERENCES texts,
            exemption_category TEXT,
            PRIMARY KEY (from_seq, resource, policy)
        );
        CREATE INDEX policy_states_by_end ON policy_states (to_seq);

        CREATE TABLE assessments (
            from_seq BIGINT NOT NULL,
            resource BIGINT NOT NULL REFERENCES resources,
            assessment_key BIGINT NOT NULL REFERENCES texts,
            to_seq BIGINT,
            status TEXT NOT NULL,
            cause BIGINT REFERENCES texts,
            description BIGINT REFERENCES texts,
            exemption_category TEXT,
            origin BIGINT NOT NULL REFERENCES texts,
            first_evaluation DOUBLE PRECISION NOT NULL,
            status_change DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (from_seq, resource, assessment_key)
        );
        CREATE INDEX assessments_by_end ON assessments (to_seq);

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE scan_requests (at DOUBLE PRECISION PRIMARY KEY);

        CREATE TABLE scores (
            seq BIGINT NOT NULL,
            subscription_id BIGINT NOT NULL REFERENCES texts,
            control_key BIGINT NOT NULL REFERENCES texts,
            display_name BIGINT NOT NULL REFERENCES texts,
            points DOUBLE PRECISION NOT NULL,
            current DOUBLE PRECISION,
            healthy BIGINT NOT NULL,
            unhealthy BIGINT NOT NULL,
            not_applicable BIGINT NOT NULL,
            weight BIGINT NOT NULL,
            PRIMARY KEY (seq, subscription_id, control_key)
        );
        """

    /// SQLite's v2 also drops `assessments_by_resource`, which v1 here never creates.
    private static let v2 = """
        CREATE TABLE assessment_changes (
            seq BIGINT PRIMARY KEY,
            count BIGINT NOT NULL,
            changes BYTEA NOT NULL
        );
        CREATE TABLE assessment_checkpoints (
            seq BIGINT PRIMARY KEY,
            count BIGINT NOT NULL,
            state BYTEA NOT NULL
        );
        CREATE INDEX objects_by_kind ON objects (kind);
        CREATE INDEX tenant_objects_by_object ON tenant_objects (object);
        """

    private static let v3 = """
        ALTER TABLE cycles ADD COLUMN assigned_policies BIGINT;
        ALTER TABLE cycles ADD COLUMN unevaluated_policies BIGINT;
        CREATE TABLE unevaluated_policies (
            seq BIGINT NOT NULL REFERENCES cycles,
            assignment_id TEXT NOT NULL,
            definition_id TEXT NOT NULL,
            reference_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (seq, assignment_id, definition_id, reference_id)
        );
        """

    /// What Azure showed, kept apart from what the model computed (SQLite's "v4 observed").
    private static let v4 = """
        CREATE TABLE observed_cycles (
            seq BIGINT PRIMARY KEY,
            kind TEXT NOT NULL,
            start DOUBLE PRECISION NOT NULL,
            visible_at DOUBLE PRECISION NOT NULL,
            tenant_version BIGINT,
            source TEXT NOT NULL,
            status TEXT NOT NULL,
            result_count BIGINT NOT NULL,
            changed_count BIGINT NOT NULL,
            assigned_policies BIGINT,
            unevaluated_policies BIGINT,
            UNIQUE (kind, start, source)
        );
        CREATE INDEX observed_cycles_by_visibility ON observed_cycles (kind, visible_at);
        CREATE TABLE observed_policy_states (
            from_seq BIGINT NOT NULL,
            resource BIGINT NOT NULL REFERENCES resources,
            policy BIGINT NOT NULL REFERENCES policies,
            to_seq BIGINT,
            state TEXT NOT NULL,
            exemption BIGINT REFERENCES texts,
            exemption_category TEXT,
            PRIMARY KEY (from_seq, resource, policy)
        );
        CREATE INDEX observed_policy_states_by_end ON observed_policy_states (to_seq);
        CREATE TABLE observed_assessments (
            from_seq BIGINT NOT NULL,
            resource BIGINT NOT NULL REFERENCES resources,
            assessment_key BIGINT NOT NULL REFERENCES texts,
            to_seq BIGINT,
            status TEXT NOT NULL,
            cause BIGINT REFERENCES texts,
            description BIGINT REFERENCES texts,
            exemption_category TEXT,
            origin BIGINT NOT NULL REFERENCES texts,
            first_evaluation DOUBLE PRECISION NOT NULL,
            status_change DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (from_seq, resource, assessment_key)
        );
        CREATE INDEX observed_assessments_by_end ON observed_assessments (to_seq);
        CREATE TABLE observed_scores (
            seq BIGINT NOT NULL,
            subscription_id BIGINT NOT NULL REFERENCES texts,
            control_key BIGINT NOT NULL REFERENCES texts,
            display_name BIGINT NOT NULL REFERENCES texts,
            points DOUBLE PRECISION NOT NULL,
            current DOUBLE PRECISION,
            healthy BIGINT NOT NULL,
            unhealthy BIGINT NOT NULL,
            not_applicable BIGINT NOT NULL,
            weight BIGINT NOT NULL,
            PRIMARY KEY (seq, subscription_id, control_key)
        );
        CREATE TABLE observed_assessment_changes (
            seq BIGINT PRIMARY KEY,
            count BIGINT NOT NULL,
            changes BYTEA NOT NULL
        );
        CREATE TABLE observed_assessment_checkpoints (
            seq BIGINT PRIMARY KEY,
            count BIGINT NOT NULL,
            state BYTEA NOT NULL
        );
        CREATE TABLE observed_unevaluated_policies (
            seq BIGINT NOT NULL REFERENCES observed_cycles,
            assignment_id TEXT NOT NULL,
            definition_id TEXT NOT NULL,
            reference_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            PRIMARY KEY (seq, assignment_id, definition_id, reference_id)
        );
        """

    /// What Defender's regulatory compliance lists showed (SQLite's "v5 observed compliance").
    private static let v5 = """
        CREATE TABLE observed_compliance (
            from_seq BIGINT NOT NULL,
            subscription_id BIGINT NOT NULL REFERENCES texts,
            standard BIGINT NOT NULL REFERENCES texts,
            control BIGINT NOT NULL REFERENCES texts,
            assessment BIGINT NOT NULL REFERENCES texts,
            to_seq BIGINT,
            state TEXT NOT NULL,
            passed BIGINT,
            failed BIGINT,
            skipped BIGINT,
            unsupported BIGINT,
            description BIGINT REFERENCES texts,
            assessment_type BIGINT REFERENCES texts,
            details_link BIGINT REFERENCES texts,
            PRIMARY KEY (from_seq, subscription_id, standard, control, assessment)
        );
        CREATE INDEX observed_compliance_by_end ON observed_compliance (to_seq)
        """

    /// The workers of a sharded run that recorded their part of a cycle (SQLite's "v6 cycle shards").
    private static let v6 = """
        CREATE TABLE cycle_shards (
            seq BIGINT NOT NULL REFERENCES cycles,
            shard BIGINT NOT NULL,
            shards BIGINT NOT NULL,
            position BIGINT NOT NULL,
            PRIMARY KEY (seq, shard)
        );
        """
}
