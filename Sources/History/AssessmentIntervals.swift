import Defender
import Foundation
import PolicyModel

/// Where a Defender cycle writes its `assessments` rows, inside the store's transaction.
package protocol AssessmentIntervalWriter {
    /// Ends the open row of `key` that started at `from` with cycle `seq`.
    mutating func close(seq: Int, from: Int64, key: AssessmentRowKey) throws
    /// Opens a row of `key` at cycle `seq`.
    mutating func open(seq: Int, key: AssessmentRowKey, row: AssessmentRow) throws
}

/// A Defender cycle's assessments as `assessments` intervals and change-log entries, the same
/// whatever the store. A row is rewritten only when its status, cause, description, exemption
/// category or origin changes.
package enum AssessmentIntervals {
    /// The rows a cycle's assessments make, by key; new resources and texts wait in `dictionaries`.
    /// `resourceTypes` gives the tenant's type of each resource by lower-cased id.
    package static func rows(
        _ assessments: [Assessment], resourceTypes: [String: String], dictionaries: inout Dictionaries
    ) -> [AssessmentRowKey: AssessmentRow] {
        var rows: [AssessmentRowKey: AssessmentRow] = [:]
        rows.reserveCapacity(assessments.count)
        for a in assessments {
            let r = dictionaries.resource(
                id: a.resourceId, subscriptionId: a.subscriptionId, type: a.resourceId.type(in: resourceTypes),
                location: nil, group: a.resourceId.resourceGroup)
            let key = AssessmentRowKey(resource: r, key: dictionaries.text(a.key))
            rows[key] = AssessmentRow(a, dictionaries: &dictionaries)
        }
        return rows
    }

    /// Closes and opens intervals so that the rows valid at `seq` are `rows`, given the open rows
    /// (key → first cycle, content). Returns how many rows changed and the change log's entries
    /// (sorted by pair).
    package static func apply(
        seq: Int, rows: [AssessmentRowKey: AssessmentRow], open: [AssessmentRowKey: (from: Int64, row: AssessmentRow)],
        writer: inout some AssessmentIntervalWriter
    ) throws -> (changed: Int, log: [AssessmentChangeLog.Change]) {
        var changed = 0
        var log: [AssessmentChangeLog.Change] = []
        // In key order: the inserts of one cycle go to the end of the table in order.
        for key in rows.keys.sorted() {
            let row = rows[key]!
            let before = open[key]?.row.code ?? .none
            if before != row.code { log.append(.init(pair: key.pair, before: before, after: row.code)) }
            if let current = open[key] {
                if current.row == row { continue }
                try writer.close(seq: seq, from: current.from, key: key)
            }
            try writer.open(seq: seq, key: key, row: row)
            changed += 1
        }
        for (key, current) in open where rows[key] == nil {
            try writer.close(seq: seq, from: current.from, key: key)
            log.append(.init(pair: key.pair, before: current.row.code, after: .none))
            changed += 1
        }
        log.sort { $0.pair < $1.pair }
        return (changed, log)
    }

    /// Takes out of `open` the rows of resources not in `shown` (a cycle that shows some subscriptions
    /// only: their rows stand as they are) and returns them; nothing when `shown` is nil. A pair the
    /// cycle itself names is never carried (a row whose subscription disagrees with its resource's
    /// recorded one replaces the open row, never opens a second).
    package static func carry(
        _ open: inout [AssessmentRowKey: (from: Int64, row: AssessmentRow)], outside shown: Set<Int64>?,
        except rows: [AssessmentRowKey: AssessmentRow]
    ) -> [AssessmentRowKey: AssessmentRow] {
        guard let shown else { return [:] }
        var carried: [AssessmentRowKey: AssessmentRow] = [:]
        for (key, current) in open where !shown.contains(key.resource) && rows[key] == nil {
            carried[key] = current.row
            open[key] = nil
        }
        return carried
    }

    /// Every pair's status after the cycle, sorted by pair: a change-log checkpoint.
    package static func state(_ rows: [AssessmentRowKey: AssessmentRow]) -> [PairStatus] {
        rows.keys.sorted().map { PairStatus(pair: $0.pair, code: rows[$0]!.code) }
    }
}

/// An assessment row's identity: the resource and the assessment key, both by dictionary id.
package struct AssessmentRowKey: Hashable, Comparable {
    package var resource: Int64
    package var key: Int64

    package init(resource: Int64, key: Int64) {
        self.resource = resource
        self.key = key
    }

    package static func < (a: AssessmentRowKey, b: AssessmentRowKey) -> Bool {
        (a.resource, a.key) < (b.resource, b.key)
    }

    /// `resource << 32 | key`, as the change log and the moves key a pair.
    var pair: UInt64 { UInt64(resource) << 32 | UInt64(key) }
}

/// One assessment row's content, texts by their `texts` id. Equality ignores the dates, which follow
/// from the status.
package struct AssessmentRow: Equatable {
    package var status: String
    package var cause: Int64?
    package var description: Int64?
    package var exemptionCategory: String?
    package var origin: Int64
    package var firstEvaluation: Double
    package var statusChange: Double

    /// What the score and its causes see of it.
    var code: StatusCode { StatusCode(stored: status, cause: cause, category: exemptionCategory) }

    package init(
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

    init(_ a: Assessment, dictionaries: inout Dictionaries) {
        let origin: String
        switch a.origin {
        case .native: origin = "native"
        case .policy(let assignments): origin = "policy:" + assignments.map(\.rawValue).joined(separator: ",")
        }
        self.init(
            status: a.status.rawValue, cause: a.cause.map { dictionaries.text($0) },
            description: a.description.map { dictionaries.text($0) },
            exemptionCategory: a.exemptionCategory?.rawValue, origin: dictionaries.text(origin),
            firstEvaluation: a.firstEvaluationDate.timeIntervalSince1970,
            statusChange: a.statusChangeDate.timeIntervalSince1970)
    }

    static func origin(_ text: String) -> Assessment.Origin {
        guard text.hasPrefix("policy:") else { return .native }
        let list = text.dropFirst("policy:".count)
        return .policy(assignments: list.isEmpty ? [] : list.split(separator: ",").map { ResourceID(String($0)) })
    }

    package static func == (a: AssessmentRow, b: AssessmentRow) -> Bool {
        a.status == b.status && a.cause == b.cause && a.description == b.description
            && a.exemptionCategory == b.exemptionCategory && a.origin == b.origin
    }
}
