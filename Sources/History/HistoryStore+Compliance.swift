import Defender
import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// Schema step "v5 observed compliance": the standards, controls and assessments of the observed
    /// `compliance` cycles as intervals `[from_seq, to_seq)` of cycle numbers, as the assessments are
    /// kept: a row is written when an item appears or changes, and closed when it changes or goes, so
    /// a night costs what changed. `control` is '' on a standard's row, `assessment` '' on a
    /// standard's and a control's; the counts are the level's (`passedControls`, `passedAssessments`,
    /// `passedResources`, ...), NULL where Azure printed none; `unsupported` is a standard's
    /// `unsupportedControls`. Names and texts live in `texts`.
    static let observedComplianceTable = """
        CREATE TABLE observed_compliance (
            from_seq INTEGER NOT NULL,
            subscription_id INTEGER NOT NULL REFERENCES texts,
            standard INTEGER NOT NULL REFERENCES texts,
            control INTEGER NOT NULL REFERENCES texts,
            assessment INTEGER NOT NULL REFERENCES texts,
            to_seq INTEGER,
            state TEXT NOT NULL,
            passed INTEGER,
            failed INTEGER,
            skipped INTEGER,
            unsupported INTEGER,
            description INTEGER REFERENCES texts,
            assessment_type INTEGER REFERENCES texts,
            details_link INTEGER REFERENCES texts,
            PRIMARY KEY (from_seq, subscription_id, standard, control, assessment)
        ) WITHOUT ROWID;
        CREATE INDEX observed_compliance_by_end ON observed_compliance (to_seq);
        """

    /// A stored item's identity (text ids of subscription, standard, control, assessment) and figures.
    private struct Row: Hashable {
        var key: [Int64]
        var state: String
        var counts: [Int?]
        var texts: [Int64?]
    }

    /// Records what Defender's regulatory compliance lists showed as one observed `compliance` cycle,
    /// in one transaction. Only a store opened on the observed stream records it: the model derives
    /// compliance from its policy states and keeps none. Azure lists compliance per subscription, so a
    /// cycle replaces the items of the subscriptions it names only (compared without case); the
    /// others' stand. `changedCount` is how many items of those subscriptions differ from before (new,
    /// changed or gone).
    @discardableResult
    package func recordComplianceCycle(_ new: NewCycle, items: [ObservedComplianceItem]) throws -> Cycle {
        guard stream == .observed, new.kind == .compliance else {
            throw HistoryError(.outOfOrder, "regulatory compliance lists are recorded as observed compliance cycles")
        }
        return try queue.write { db in
            let seq = try Self.nextSeq(db, for: new)
            var texts = try TextDictionary(db)
            var open: [[Int64]: (from: Int, row: Row)] = [:]
            let cursor = try GRDB.Row.fetchCursor(
                db,
                sql: """
                    SELECT from_seq, subscription_id, standard, control, assessment, state, passed, failed, skipped,
                        unsupported, description, assessment_type, details_link
                    FROM main.observed_compliance WHERE to_seq IS NULL
                    """)
            while let r = try cursor.next() {
                let row = Row(
                    key: [r[1], r[2], r[3], r[4]], state: r[5], counts: [r[6], r[7], r[8], r[9]],
                    texts: [r[10], r[11], r[12]])
                open[row.key] = (r[0], row)
            }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO main.observed_compliance (from_seq, subscription_id, standard, control, assessment,
                        state, passed, failed, skipped, unsupported, description, assessment_type, details_link)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let close = try db.cachedStatement(
                sql: """
                    UPDATE main.observed_compliance SET to_seq = ? WHERE from_seq = ? AND subscription_id = ?
                    AND standard = ? AND control = ? AND assessment = ?
                    """)
            var changed = 0
            for item in items {
                let optional = { (text: String?) throws -> Int64? in try text.map { try texts.id(db, $0) } }
                let row = Row(
                    key: [
                        try texts.id(db, item.subscriptionId), try texts.id(db, item.standard),
                        try texts.id(db, item.control), try texts.id(db, item.assessment),
                    ], state: item.state.rawValue, counts: [item.passed, item.failed, item.skipped, item.unsupported],
                    texts: [
                        try optional(item.description), try optional(item.assessmentType),
                        try optional(item.assessmentDetailsLink),
                    ])
                if let before = open.removeValue(forKey: row.key) {
                    if before.row == row { continue }
                    try close.execute(arguments: Self.closing(seq: seq, from: before.from, key: row.key))
                }
                changed += 1
                var values: [(any DatabaseValueConvertible)?] = [seq]
                values += row.key.map { $0 }
                values.append(row.state)
                values += row.counts.map { $0 }
                values += row.texts.map { $0 }
                try insert.execute(arguments: StatementArguments(values))
            }
            // What Azure no longer lists for the subscriptions it showed is gone from this cycle on.
            let shown = Set(items.map { $0.subscriptionId.lowercased() })
            let names = try TextDictionary.all(db)
            for (key, gone) in open where shown.contains(names[key[0]]?.lowercased() ?? "") {
                try close.execute(arguments: Self.closing(seq: seq, from: gone.from, key: key))
                changed += 1
            }
            return try Self.insertCycle(db, new, seq: seq, resultCount: items.count, changedCount: changed)
        }
    }

    /// The arguments that close the open row of `key` written by cycle `from` at cycle `seq`.
    private static func closing(seq: Int, from: Int, key: [Int64]) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = [seq, from]
        values += key.map { $0 }
        return StatementArguments(values)
    }

    /// What Defender's regulatory compliance lists showed at `instant`: the items standing after the
    /// newest observed compliance cycle visible then (each subscription's as its newest list showed
    /// them), whichever stream this store reads, with that cycle; nil when none is visible. Items
    /// sorted by subscription, standard, control and assessment.
    package func observedCompliance(visibleAt instant: Date) throws -> (cycle: Cycle, items: [ObservedComplianceItem])?
    {
        try queue.read { db in
            guard
                let cycle = try GRDB.Row.fetchOne(
                    db,
                    sql: """
                        SELECT seq, kind, start, visible_at, tenant_version, source, result_count, changed_count,
                        assigned_policies, unevaluated_policies FROM main.observed_cycles
                        WHERE kind = ? AND visible_at <= ? ORDER BY seq DESC LIMIT 1
                        """,
                    arguments: [Cycle.Kind.compliance.rawValue, instant.timeIntervalSince1970]
                ).map(Self.cycle)
            else { return nil }
            let rows = try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT s.text, st.text, c.text, a.text, state, passed, failed, skipped, unsupported,
                        d.text, t.text, l.text
                    FROM main.observed_compliance
                    JOIN texts s ON s.id = subscription_id JOIN texts st ON st.id = standard
                    JOIN texts c ON c.id = control JOIN texts a ON a.id = assessment
                    LEFT JOIN texts d ON d.id = description LEFT JOIN texts t ON t.id = assessment_type
                    LEFT JOIN texts l ON l.id = details_link
                    WHERE from_seq <= ? AND (to_seq IS NULL OR to_seq > ?)
                    """,
                arguments: [cycle.seq, cycle.seq])
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
