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
            var rows: [AssessmentRowKey: AssessmentRow] = [:]
            rows.reserveCapacity(assessments.count)
            for a in assessments {
                let r = try dictionaries.resource(
                    db, id: a.resourceId, subscriptionId: a.subscriptionId,
                    type: a.resourceId.type(in: resourceTypes),
                    location: nil, group: a.resourceId.resourceGroup)
                let key = AssessmentRowKey(resource: r, key: try dictionaries.text(db, a.key))
                rows[key] = try AssessmentRow(a, db: db, dictionaries: &dictionaries)
            }
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
            let close = try db.cachedStatement(
                sql: "UPDATE assessments SET to_seq = ? WHERE from_seq = ? AND resource = ? AND assessment_key = ?")
            let insert = try db.cachedStatement(
                sql:
                    "INSERT INTO assessments (from_seq, resource, assessment_key, status, cause, description, exemption_category, origin, first_evaluation, status_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            let shown = try subscriptions.map {
                try Self.resources(db, inSubscriptions: $0.union(assessments.map(\.subscriptionId)))
            }
            // The open rows of subscriptions this cycle does not show: they stand as they are.
            var carried: [AssessmentRowKey: AssessmentRow] = [:]
            if let shown {
                for (key, current) in open where !shown.contains(key.resource) {
                    carried[key] = current.row
                    open[key] = nil
                }
            }
            var changed = 0
            var log: [AssessmentChangeLog.Change] = []
            // In key order: the inserts of one cycle go to the end of the table in order.
            let keys = rows.keys.sorted()
            for key in keys {
                let row = rows[key]!
                let before = open[key]?.row.code ?? .none
                if before != row.code { log.append(.init(pair: key.pair, before: before, after: row.code)) }
                if let current = open[key] {
                    if current.row == row { continue }
                    try close.execute(arguments: [seq, current.from, key.resource, key.key])
                }
                try insert.execute(arguments: [
                    seq, key.resource, key.key, row.status, row.cause, row.description, row.exemptionCategory,
                    row.origin,
                    row.firstEvaluation, row.statusChange,
                ])
                changed += 1
            }
            for (key, current) in open where rows[key] == nil {
                try close.execute(arguments: [seq, current.from, key.resource, key.key])
                log.append(.init(pair: key.pair, before: current.row.code, after: .none))
                changed += 1
            }
            log.sort { $0.pair < $1.pair }
            try AssessmentChangeLog.record(db, seq: seq, changes: log) {
                rows.merging(carried) { new, _ in new }.map { PairStatus(pair: $0.key.pair, code: $0.value.code) }
                    .sorted { $0.pair < $1.pair }
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
        let resources = try StoredResource.all(db)
        let texts = try Dictionaries.texts(db)
        var origins: [Int64: Assessment.Origin] = [:]  // few distinct values: parse each once
        var result: [(rank: Int, assessment: Assessment)] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT resource, assessment_key, status, cause, description, exemption_category, origin, first_evaluation, status_change
                FROM assessments WHERE \(ValidAt.cycle)
                """, arguments: [seq])
        while let row = try rows.next() {
            guard let r = resources[row[0]], let key = texts[row[1]] else {
                throw HistoryError(
                    .damaged,
                    "assessments refers to resource \(row[0] as Int64) or text \(row[1] as Int64), which are not in the dictionaries"
                )
            }
            let originId: Int64 = row[6]
            let origin = origins[originId] ?? AssessmentRow.origin(texts[originId] ?? "native")
            origins[originId] = origin
            result.append(
                (
                    r.rank,
                    Assessment(
                        key: key, resourceId: r.id, subscriptionId: r.subscriptionId,
                        status: Assessment.Status(rawValue: row[2]) ?? .notApplicable,
                        cause: (row[3] as Int64?).flatMap { texts[$0] },
                        description: (row[4] as Int64?).flatMap { texts[$0] },
                        firstEvaluationDate: Date(timeIntervalSince1970: row[7]),
                        statusChangeDate: Date(timeIntervalSince1970: row[8]),
                        exemptionCategory: (row[5] as String?).flatMap(PolicyExemption.Category.init),
                        origin: origin)
                ))
        }
        result.sort { ($0.rank, $0.assessment.key) < ($1.rank, $1.assessment.key) }
        return result.map(\.assessment)
    }
}

/// An assessment row's identity: the resource and the assessment key, both by dictionary id.
struct AssessmentRowKey: Hashable, Comparable {
    var resource: Int64
    var key: Int64

    static func < (a: AssessmentRowKey, b: AssessmentRowKey) -> Bool { (a.resource, a.key) < (b.resource, b.key) }

    /// `resource << 32 | key`, as the change log and the moves key a pair.
    var pair: UInt64 { UInt64(resource) << 32 | UInt64(key) }
}

/// One assessment row's content, texts by their `texts` id. Equality ignores the dates, which follow
/// from the status.
struct AssessmentRow: Equatable {
    var status: String
    var cause: Int64?
    var description: Int64?
    var exemptionCategory: String?
    var origin: Int64
    var firstEvaluation: Double
    var statusChange: Double

    /// What the score and its causes see of it.
    var code: StatusCode { StatusCode(stored: status, cause: cause, category: exemptionCategory) }

    init(
        status: String, cause: Int64?, description: Int64?, exemptionCategory: String?, origin: Int64,
        firstEvaluation: Double, statusChange: Double
    ) {
        self.status = status
        self.cause = cause
        self.description = description
        self.exemptionCategory = exemptionCategory
        self.origin = origin
        self.firstEvaluation = firstEvaluation
        self.statusChange = statusChange
    }

    init(_ a: Assessment, db: Database, dictionaries: inout Dictionaries) throws {
        let origin: String
        switch a.origin {
        case .native: origin = "native"
        case .policy(let assignments): origin = "policy:" + assignments.map(\.rawValue).joined(separator: ",")
        }
        self.init(
            status: a.status.rawValue, cause: try a.cause.map { try dictionaries.text(db, $0) },
            description: try a.description.map { try dictionaries.text(db, $0) },
            exemptionCategory: a.exemptionCategory?.rawValue, origin: try dictionaries.text(db, origin),
            firstEvaluation: a.firstEvaluationDate.timeIntervalSince1970,
            statusChange: a.statusChangeDate.timeIntervalSince1970)
    }

    static func origin(_ text: String) -> Assessment.Origin {
        guard text.hasPrefix("policy:") else { return .native }
        let list = text.dropFirst("policy:".count)
        return .policy(assignments: list.isEmpty ? [] : list.split(separator: ",").map { ResourceID(String($0)) })
    }

    static func == (a: AssessmentRow, b: AssessmentRow) -> Bool {
        a.status == b.status && a.cause == b.cause && a.description == b.description
            && a.exemptionCategory == b.exemptionCategory && a.origin == b.origin
    }
}
