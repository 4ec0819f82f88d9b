import Defender
import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// Records a Defender cycle and its assessments in one transaction. An assessment row is
    /// rewritten only when its status, cause, description, exemption category or origin changes.
    /// `subscriptions`: the subscriptions the cycle shows (with the assessments' own); an assessment
    /// of another subscription carries over unchanged. Nil: every subscription.
    @discardableResult
    package func recordDefenderCycle(
        _ new: NewCycle, assessments: [Assessment], resourceTypes: [String: String], subscriptions: Set<String>?
    ) throws -> Cycle {
        try queue.write { db in
            let seq = try Self.nextSeq(db, for: new)
            var dictionaries = try Dictionaries(db)
            let rows = AssessmentIntervals.rows(assessments, resourceTypes: resourceTypes, dictionaries: &dictionaries)
            try dictionaries.write(db)
            var open: [AssessmentRowKey: (from: Int64, row: AssessmentRow)] = [:]
            let cursor = try Row.fetchCursor(
                db,
                sql:
                    "SELECT from_seq, resource, assessment_key, status, cause, description, exemption_category, origin, first_evaluation, status_change FROM assessments WHERE to_seq IS NULL"
            )
            while let row = try cursor.next() {
                open[AssessmentRowKey(resource: row[1], key: row[2])] = (
                    row[0],
                    AssessmentRow(
                        status: row[3], cause: row[4], description: row[5], exemptionCategory: row[6], origin: row[7],
                        firstEvaluation: row[8], statusChange: row[9])
                )
            }
            var writer = AssessmentWriter(
                close: try db.cachedStatement(
                    sql: "UPDATE assessments SET to_seq = ? WHERE from_seq = ? AND resource = ? AND assessment_key = ?"),
                insert: try db.cachedStatement(
                    sql:
                        "INSERT INTO assessments (from_seq, resource, assessment_key, status, cause, description, exemption_category, origin, first_evaluation, status_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ))
            let shown = try subscriptions.map {
                try Self.resources(db, inSubscriptions: $0.union(assessments.map(\.subscriptionId)))
            }
            let carried = AssessmentIntervals.carry(&open, outside: shown, except: rows)
            let (changed, log) = try AssessmentIntervals.apply(seq: seq, rows: rows, open: open, writer: &writer)
            try AssessmentChangeLog.record(db, seq: seq, changes: log) {
                AssessmentIntervals.state(rows.merging(carried) { new, _ in new })
            }
            return try Self.insertCycle(
                db, new, seq: seq, resultCount: rows.count + carried.count, changedCount: changed)
        }
    }

    /// The assessments visible at `instant`: those of the newest Defender cycle visible then.
    package func assessments(visibleAt instant: Date) throws -> [Assessment] {
        try queue.read { db in
            guard let cycle = try Self.latestCycle(db, kinds: [.defender], visibleAt: instant) else { return [] }
            return try Self.assessments(db, asOf: cycle.seq)
        }
    }

    /// The `statusChangeDate` of every assessment row Defender cycle `seq` wrote (new or changed).
    package func statusChanges(writtenBy seq: Int) throws -> [Date] {
        try queue.read { db in
            try Double.fetchAll(db, sql: "SELECT status_change FROM assessments WHERE from_seq = ?", arguments: [seq])
                .map(Date.init(timeIntervalSince1970:))
        }
    }

    /// The assessments as they stood after cycle `seq`.
    package func assessments(asOfCycle seq: Int) throws -> [Assessment] {
        try queue.read { db in try Self.assessments(db, asOf: seq) }
    }

    static func assessments(_ db: Database, asOf seq: Int) throws -> [Assessment] {
        var builder = AssessmentsBuilder(resources: try StoredResource.all(db), texts: try Dictionaries.texts(db))
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT resource, assessment_key, status, cause, description, exemption_category, origin, first_evaluation, status_change
                FROM assessments WHERE \(ValidAt.cycle)
                """, arguments: [seq])
        while let row = try rows.next() {
            try builder.add(
                resource: row[0], key: row[1], status: row[2], cause: row[3], description: row[4],
                exemptionCategory: row[5], origin: row[6], firstEvaluation: row[7], statusChange: row[8])
        }
        return builder.assessments()
    }
}

/// `assessments` rows written into SQLite.
private struct AssessmentWriter: AssessmentIntervalWriter {
    let close: Statement
    let insert: Statement

    func close(seq: Int, from: Int64, key: AssessmentRowKey) throws {
        try close.execute(arguments: [seq, from, key.resource, key.key])
    }

    func open(seq: Int, key: AssessmentRowKey, row: AssessmentRow) throws {
        try insert.execute(arguments: [
            seq, key.resource, key.key, row.status, row.cause, row.description, row.exemptionCategory, row.origin,
            row.firstEvaluation, row.statusChange,
        ])
    }
}
