import Defender
import Foundation
import History

extension PostgresHistoryStore {
    /// A stored item's identity (text ids of subscription, standard, control, assessment) and figures.
    private struct Row: Hashable {
        var key: [Int64]
        var state: String
        var counts: [Int64?]
        var texts: [Int64?]
    }

    /// Records what Defender's regulatory compliance lists showed as one observed `compliance` cycle,
    /// in one transaction, as `HistoryStore.recordComplianceCycle(_:items:)` does: intervals of cycle
    /// numbers, an item written when it appears or changes and closed when it changes or goes; a cycle
    /// replaces the items of the subscriptions it names only.
    @discardableResult
    package func recordComplianceCycle(_ new: NewCycle, items: [ObservedComplianceItem]) throws -> Cycle {
        guard stream == .observed, new.kind == .compliance else {
            throw HistoryError(.outOfOrder, "regulatory compliance lists are recorded as observed compliance cycles")
        }
        return try write {
            let seq = try nextSeq(for: new)
            let stored = try texts()
            var texts = TextDictionary(stored)
            var open: [[Int64]: (from: Int64, row: Row)] = [:]
            for r in try session.query(
                """
                SELECT from_seq, subscription_id, standard, control, assessment, state, passed, failed, skipped,
                    unsupported, description, assessment_type, details_link
                FROM observed_compliance WHERE to_seq IS NULL
                """)
            {
                let row = Row(
                    key: [try r.int(1), try r.int(2), try r.int(3), try r.int(4)], state: try r.text(5),
                    counts: [try r.optionalInt(6), try r.optionalInt(7), try r.optionalInt(8), try r.optionalInt(9)],
                    texts: [try r.optionalInt(10), try r.optionalInt(11), try r.optionalInt(12)])
                open[row.key] = (try r.int(0), row)
            }
            var inserted: [[PostgresValue]] = []
            var closed: [(from: Int64, key: [Int64])] = []
            for item in items {
                let row = Row(
                    key: [
                        texts.id(item.subscriptionId), texts.id(item.standard), texts.id(item.control),
                        texts.id(item.assessment),
                    ], state: item.state.rawValue,
                    counts: [item.passed, item.failed, item.skipped, item.unsupported].map { $0.map(Int64.init) },
                    texts: [
                        item.description.map { texts.id($0) }, item.assessmentType.map { texts.id($0) },
                        item.assessmentDetailsLink.map { texts.id($0) },
                    ])
                if let before = open.removeValue(forKey: row.key) {
                    if before.row == row { continue }
                    closed.append((before.from, row.key))
                }
                inserted.append(
                    [.number(seq)] + row.key.map { .int($0) } + [.text(row.state)] + row.counts.map { .int($0) }
                        + row.texts.map { .int($0) })
            }
            // What Azure no longer lists for the subscriptions it showed is gone from this cycle on.
            let shown = Set(items.map { $0.subscriptionId.lowercased() })
            var goneCount = 0
            for (key, gone) in open where shown.contains(stored[key[0]]?.lowercased() ?? "") {
                closed.append((gone.from, key))
                goneCount += 1
            }
            try write(&texts)
            for (from, key) in closed {
                _ = try session.query(
                    """
                    UPDATE observed_compliance SET to_seq = $1 WHERE from_seq = $2 AND subscription_id = $3
                    AND standard = $4 AND control = $5 AND assessment = $6
                    """, [.number(seq), .int(from)] + key.map { .int($0) })
            }
            try session.insert(
                into: "observed_compliance",
                columns: [
                    "from_seq", "subscription_id", "standard", "control", "assessment", "state", "passed", "failed",
                    "skipped", "unsupported", "description", "assessment_type", "details_link",
                ], rows: inserted)
            return try insertCycle(
                new, seq: seq, resultCount: items.count, changedCount: inserted.count + goneCount)
        }
    }

    /// What Defender's regulatory compliance lists showed at `instant`: the items standing after the
    /// newest observed compliance cycle visible then, with that cycle; nil when none is visible (as
    /// `HistoryStore.observedCompliance(visibleAt:)`).
    package func observedCompliance(visibleAt instant: Date) throws -> (
        cycle: Cycle, items: [ObservedComplianceItem]
    )? {
        try read {
            guard
                let cycle = try session.query(
                    """
                    SELECT seq, kind, start, visible_at, tenant_version, source, result_count, changed_count,
                    assigned_policies, unevaluated_policies FROM observed_cycles
                    WHERE kind = $1 AND visible_at <= $2 ORDER BY seq DESC LIMIT 1
                    """, [.text(Cycle.Kind.compliance.rawValue), .double(instant.timeIntervalSince1970)]
                ).first.map(Self.cycle)
            else { return nil }
            var items: [ObservedComplianceItem] = []
            for row in try session.query(
                """
                SELECT s.text, st.text, c.text, a.text, o.state, o.passed, o.failed, o.skipped, o.unsupported,
                    d.text, t.text, k.text
                FROM observed_compliance o
                JOIN texts s ON s.id = o.subscription_id JOIN texts st ON st.id = o.standard
                JOIN texts c ON c.id = o.control JOIN texts a ON a.id = o.assessment
                LEFT JOIN texts d ON d.id = o.description LEFT JOIN texts t ON t.id = o.assessment_type
                LEFT JOIN texts k ON k.id = o.details_link
                WHERE o.from_seq <= $1 AND (o.to_seq IS NULL OR o.to_seq > $1)
                """, [.number(cycle.seq)])
            {
                let stateText = try row.text(4)
                guard let state = RegulatoryState(rawValue: stateText) else {
                    throw HistoryError(
                        .damaged, "observed compliance cycle \(cycle.seq) holds the unknown state '\(stateText)'",
                        cycle: cycle.seq)
                }
                func count(_ column: Int) throws -> Int? { try row.optionalInt(column).map(Int.init) }
                items.append(
                    ObservedComplianceItem(
                        subscriptionId: try row.text(0), standard: try row.text(1), control: try row.text(2),
                        assessment: try row.text(3), state: state, passed: try count(5), failed: try count(6),
                        skipped: try count(7), unsupported: try count(8), description: try row.optionalText(9),
                        assessmentType: try row.optionalText(10), assessmentDetailsLink: try row.optionalText(11)))
            }
            return (cycle, items.sorted { $0.key.lexicographicallyPrecedes($1.key) })
        }
    }
}
