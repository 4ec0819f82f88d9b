import Defender
import Foundation
import History

extension PostgresHistoryStore {
    /// Records what Defender's regulatory compliance lists showed as one observed `compliance` cycle,
    /// in one transaction (as `HistoryStore.recordComplianceCycle(_:items:)`): it replaces the lists of
    /// the subscriptions its items name; the others' stand.
    @discardableResult
    package func recordComplianceCycle(_ new: NewCycle, items: [ObservedComplianceItem]) throws -> Cycle {
        guard stream == .observed, new.kind == .compliance else {
            throw HistoryError(.outOfOrder, "regulatory compliance lists are recorded as observed compliance cycles")
        }
        return try write {
            let seq = try nextSeq(for: new)
            var texts = TextDictionary(try texts())
            let rows = items.map { item -> [PostgresValue] in
                [
                    .number(seq), .int(texts.id(item.subscriptionId)), .int(texts.id(item.standard)),
                    .int(texts.id(item.control)), .int(texts.id(item.assessment)), .text(item.state.rawValue),
                    .number(item.passed), .number(item.failed), .number(item.skipped), .number(item.unsupported),
                    .int(item.description.map { texts.id($0) }), .int(item.assessmentType.map { texts.id($0) }),
                    .int(item.assessmentDetailsLink.map { texts.id($0) }),
                ]
            }
            try write(&texts)
            try session.insert(
                into: "observed_compliance",
                columns: [
                    "seq", "subscription_id", "standard", "control", "assessment", "state", "passed", "failed",
                    "skipped", "unsupported", "description", "assessment_type", "details_link",
                ], rows: rows)
            return try insertCycle(
                new, seq: seq, resultCount: items.count, changedCount: try changedComplianceRows(seq: seq))
        }
    }

    /// How many compliance rows of cycle `seq` differ from what the compliance cycles before it showed
    /// for the same subscriptions (each subscription's newest earlier rows).
    func changedComplianceRows(seq: Int) throws -> Int {
        let earlier = """
            SELECT o.* FROM observed_compliance o JOIN (
                SELECT subscription_id, MAX(seq) AS seq FROM observed_compliance
                WHERE seq < $1 AND subscription_id IN (
                    SELECT DISTINCT subscription_id FROM observed_compliance WHERE seq = $1)
                GROUP BY subscription_id) l ON l.subscription_id = o.subscription_id AND l.seq = o.seq
            """
        let same = """
            b.subscription_id = a.subscription_id AND b.standard = a.standard AND b.control = a.control
            AND b.assessment = a.assessment
            """
        let differing = """
            WITH b AS (\(earlier))
            SELECT COUNT(*) FROM observed_compliance a WHERE a.seq = $1 AND NOT EXISTS (
                SELECT 1 FROM b WHERE \(same) AND b.state = a.state
                AND b.passed IS NOT DISTINCT FROM a.passed AND b.failed IS NOT DISTINCT FROM a.failed
                AND b.skipped IS NOT DISTINCT FROM a.skipped AND b.unsupported IS NOT DISTINCT FROM a.unsupported
                AND b.description IS NOT DISTINCT FROM a.description
                AND b.assessment_type IS NOT DISTINCT FROM a.assessment_type
                AND b.details_link IS NOT DISTINCT FROM a.details_link)
            """
        let gone = """
            WITH b AS (\(earlier))
            SELECT COUNT(*) FROM b WHERE NOT EXISTS (
                SELECT 1 FROM observed_compliance a WHERE a.seq = $1 AND \(same))
            """
        return Int(try session.scalarInt(differing, [.number(seq)]) ?? 0)
            + Int(try session.scalarInt(gone, [.number(seq)]) ?? 0)
    }

    /// What Defender's regulatory compliance lists showed at `instant`: for each subscription, the
    /// items of the newest observed compliance cycle visible then that showed it, with the newest
    /// such cycle; nil when none is visible (as `HistoryStore.observedCompliance(visibleAt:)`).
    package func observedCompliance(visibleAt instant: Date) throws -> (
        cycle: Cycle, items: [ObservedComplianceItem]
    )? {
        try read {
            let kind = PostgresValue.text(Cycle.Kind.compliance.rawValue)
            let at = PostgresValue.double(instant.timeIntervalSince1970)
            guard
                let cycle = try session.query(
                    """
                    SELECT seq, kind, start, visible_at, tenant_version, source, result_count, changed_count,
                    assigned_policies, unevaluated_policies FROM observed_cycles
                    WHERE kind = $1 AND visible_at <= $2 ORDER BY seq DESC LIMIT 1
                    """, [kind, at]
                ).first.map(Self.cycle)
            else { return nil }
            var items: [ObservedComplianceItem] = []
            for row in try session.query(
                """
                SELECT s.text, st.text, c.text, a.text, o.state, o.passed, o.failed, o.skipped, o.unsupported,
                    d.text, t.text, k.text
                FROM observed_compliance o JOIN (
                    SELECT subscription_id AS sub, MAX(seq) AS latest FROM observed_compliance
                    WHERE seq IN (SELECT seq FROM observed_cycles WHERE kind = $1 AND visible_at <= $2)
                    GROUP BY subscription_id) l ON l.sub = o.subscription_id AND l.latest = o.seq
                JOIN texts s ON s.id = o.subscription_id JOIN texts st ON st.id = o.standard
                JOIN texts c ON c.id = o.control JOIN texts a ON a.id = o.assessment
                LEFT JOIN texts d ON d.id = o.description LEFT JOIN texts t ON t.id = o.assessment_type
                LEFT JOIN texts k ON k.id = o.details_link
                """, [kind, at])
            {
                let stateText = try row.text(4)
                guard let state = RegulatoryState(rawValue: stateText) else {
                    throw HistoryError(
                        .damaged, "observed compliance holds the unknown state '\(stateText)'", cycle: cycle.seq)
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
