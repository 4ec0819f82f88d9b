import Defender
import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// Schema step "v5 observed compliance": one row per standard, control and assessment of an
    /// observed `compliance` cycle. `control` is '' on a standard's row, `assessment` '' on a
    /// standard's and a control's; the counts are the level's (`passedControls`,
    /// `passedAssessments`, `passedResources`, ...), NULL where Azure printed none; `unsupported`
    /// is a standard's `unsupportedControls`. Names and texts live in `texts`. The rows are written
    /// before their cycle (whose counts they give), in the same transaction, so `seq` names no foreign key.
    static let observedComplianceTable = """
        CREATE TABLE observed_compliance (
            seq INTEGER NOT NULL,
            subscription_id INTEGER NOT NULL REFERENCES texts,
            standard INTEGER NOT NULL REFERENCES texts,
            control INTEGER NOT NULL REFERENCES texts,
            assessment INTEGER NOT NULL REFERENCES texts,
            state TEXT NOT NULL,
            passed INTEGER,
            failed INTEGER,
            skipped INTEGER,
            unsupported INTEGER,
            description INTEGER REFERENCES texts,
            assessment_type INTEGER REFERENCES texts,
            details_link INTEGER REFERENCES texts,
            PRIMARY KEY (seq, subscription_id, standard, control, assessment)
        ) WITHOUT ROWID;
        """

    /// Records what Defender's regulatory compliance lists showed as one observed `compliance` cycle,
    /// in one transaction. Only a store opened on the observed stream records it: the model derives
    /// compliance from its policy states and keeps none. Azure lists compliance per subscription, so a
    /// cycle replaces what was shown for the subscriptions its items name only; the others' stand.
    /// `changedCount` is how many rows of those subscriptions differ from what was shown before (new,
    /// changed or gone).
    @discardableResult
    package func recordComplianceCycle(_ new: NewCycle, items: [ObservedComplianceItem]) throws -> Cycle {
        guard stream == .observed, new.kind == .compliance else {
            throw HistoryError(.outOfOrder, "regulatory compliance lists are recorded as observed compliance cycles")
        }
        return try queue.write { db in
            let seq = try Self.nextSeq(db, for: new)
            var texts = try TextDictionary(db)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO main.observed_compliance (seq, subscription_id, standard, control, assessment, state,
                        passed, failed, skipped, unsupported, description, assessment_type, details_link)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for item in items {
                let optional = { (text: String?) throws -> Int64? in try text.map { try texts.id(db, $0) } }
                try insert.execute(arguments: [
                    seq, try texts.id(db, item.subscriptionId), try texts.id(db, item.standard),
                    try texts.id(db, item.control), try texts.id(db, item.assessment), item.state.rawValue,
                    item.passed, item.failed, item.skipped, item.unsupported, try optional(item.description),
                    try optional(item.assessmentType), try optional(item.assessmentDetailsLink),
                ])
            }
            let changed = try Self.changedComplianceRows(db, seq: seq)
            return try Self.insertCycle(db, new, seq: seq, resultCount: items.count, changedCount: changed)
        }
    }

    /// How many compliance rows of cycle `seq` differ from what the compliance cycles before it showed
    /// for the same subscriptions (each subscription's newest earlier rows).
    private static func changedComplianceRows(_ db: Database, seq: Int) throws -> Int {
        let earlier = """
            SELECT o.* FROM main.observed_compliance o JOIN (
                SELECT subscription_id, MAX(seq) AS seq FROM main.observed_compliance
                WHERE seq < :seq AND subscription_id IN (
                    SELECT DISTINCT subscription_id FROM main.observed_compliance WHERE seq = :seq)
                GROUP BY subscription_id) l ON l.subscription_id = o.subscription_id AND l.seq = o.seq
            """
        let same = """
            b.subscription_id = a.subscription_id AND b.standard = a.standard AND b.control = a.control
            AND b.assessment = a.assessment
            """
        let differing = """
            WITH b AS (\(earlier))
            SELECT COUNT(*) FROM main.observed_compliance a WHERE a.seq = :seq AND NOT EXISTS (
                SELECT 1 FROM b WHERE \(same) AND b.state = a.state
                AND b.passed IS a.passed AND b.failed IS a.failed AND b.skipped IS a.skipped
                AND b.unsupported IS a.unsupported AND b.description IS a.description
                AND b.assessment_type IS a.assessment_type AND b.details_link IS a.details_link)
            """
        let gone = """
            WITH b AS (\(earlier))
            SELECT COUNT(*) FROM b WHERE NOT EXISTS (
                SELECT 1 FROM main.observed_compliance a WHERE a.seq = :seq AND \(same))
            """
        return (try Int.fetchOne(db, sql: differing, arguments: ["seq": seq]) ?? 0)
            + (try Int.fetchOne(db, sql: gone, arguments: ["seq": seq]) ?? 0)
    }

    /// What Defender's regulatory compliance lists showed at `instant`: for each subscription, the
    /// items of the newest observed compliance cycle visible then that showed it, whichever stream
    /// this store reads, with the newest such cycle; nil when none is visible. Items sorted by
    /// subscription, standard, control and assessment.
    package func observedCompliance(visibleAt instant: Date) throws -> (cycle: Cycle, items: [ObservedComplianceItem])?
    {
        try queue.read { db in
            guard
                let cycle = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT seq, kind, start, visible_at, tenant_version, source, result_count, changed_count,
                        assigned_policies, unevaluated_policies FROM main.observed_cycles
                        WHERE kind = ? AND visible_at <= ? ORDER BY seq DESC LIMIT 1
                        """,
                    arguments: [Cycle.Kind.compliance.rawValue, instant.timeIntervalSince1970]
                ).map(Self.cycle)
            else { return nil }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.text, st.text, c.text, a.text, state, passed, failed, skipped, unsupported,
                        d.text, t.text, k.text
                    FROM main.observed_compliance o JOIN (
                        SELECT subscription_id AS sub, MAX(seq) AS latest FROM main.observed_compliance
                        WHERE seq IN (SELECT seq FROM main.observed_cycles WHERE kind = ? AND visible_at <= ?)
                        GROUP BY subscription_id) l ON l.sub = o.subscription_id AND l.latest = o.seq
                    JOIN texts s ON s.id = subscription_id JOIN texts st ON st.id = standard
                    JOIN texts c ON c.id = control JOIN texts a ON a.id = assessment
                    LEFT JOIN texts d ON d.id = description LEFT JOIN texts t ON t.id = assessment_type
                    LEFT JOIN texts k ON k.id = details_link
                    """,
                arguments: [Cycle.Kind.compliance.rawValue, instant.timeIntervalSince1970])
            var items: [ObservedComplianceItem] = []
            for row in rows {
                guard let state = RegulatoryState(rawValue: row[4]) else {
                    throw HistoryError(
                        .damaged,
                        "observed compliance cycle \(cycle.seq) holds the unknown state '\(row[4] as String)'",
                        cycle: cycle.seq)
                }
                items.append(
                    ObservedComplianceItem(
                        subscriptionId: row[0], standard: row[1], control: row[2], assessment: row[3], state: state,
                        passed: row[5], failed: row[6], skipped: row[7], unsupported: row[8], description: row[9],
                        assessmentType: row[10], assessmentDetailsLink: row[11]))
            }
            return (cycle, items.sorted { $0.key.lexicographicallyPrecedes($1.key) })
        }
    }
}
