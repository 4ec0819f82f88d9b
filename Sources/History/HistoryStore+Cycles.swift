import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// Every cycle in visibility order.
    package func cycles() throws -> [Cycle] {
        try queue.read { db in try Row.fetchAll(db, sql: Self.cycleSelect + " ORDER BY seq").map(Self.cycle) }
    }

    /// The last recorded cycle.
    package func lastCycle() throws -> Cycle? {
        try queue.read { db in
            try Row.fetchOne(db, sql: Self.cycleSelect + " ORDER BY seq DESC LIMIT 1").map(Self.cycle)
        }
    }

    /// The last `count` recorded cycles of a kind, newest first, visible yet or not.
    package func cycles(of kind: Cycle.Kind, last count: Int) throws -> [Cycle] {
        try queue.read { db in
            try Row.fetchAll(
                db, sql: Self.cycleSelect + " WHERE kind = ? ORDER BY seq DESC LIMIT ?",
                arguments: [kind.rawValue, count]
            )
            .map(Self.cycle)
        }
    }

    /// The newest cycle of one of these kinds whose results were visible at `instant`.
    package func latestCycle(of kinds: Set<Cycle.Kind>, visibleAt instant: Date) throws -> Cycle? {
        try queue.read { db in try Self.latestCycle(db, kinds: kinds, visibleAt: instant) }
    }

    static let cycleSelect = """
        SELECT seq, kind, start, visible_at, tenant_version, source, result_count, changed_count,
        assigned_policies, unevaluated_policies FROM cycles
        """

    static func latestCycle(_ db: Database, kinds: Set<Cycle.Kind>, visibleAt instant: Date) throws -> Cycle? {
        let list = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        return try Row.fetchOne(
            db, sql: cycleSelect + " WHERE kind IN (\(list)) AND visible_at <= ? ORDER BY seq DESC LIMIT 1",
            arguments: [instant.timeIntervalSince1970]
        ).map(cycle)
    }

    static func cycle(_ row: Row) -> Cycle {
        Cycle(
            seq: row[0], kind: Cycle.Kind(rawValue: row[1]) ?? .policy, start: Date(timeIntervalSince1970: row[2]),
            visibleAt: Date(timeIntervalSince1970: row[3]), tenantVersion: row[4], source: row[5], resultCount: row[6],
            changedCount: row[7], assignedPolicies: row[8], unevaluatedPolicies: row[9])
    }

    /// The number the next cycle gets, inside the caller's transaction: cycles arrive in visibility
    /// order, whole (`CycleSlot`).
    static func nextSeq(_ db: Database, for new: NewCycle) throws -> Int {
        try slot(db, for: new).seq
    }

    /// The ids of the recorded resources in `subscriptions` (compared without case).
    static func resources(_ db: Database, inSubscriptions subscriptions: Set<String>) throws -> Set<Int64> {
        let wanted = Set(subscriptions.map { $0.lowercased() })
        return try resources(db, inSubscription: { wanted.contains($0.lowercased()) })
    }

    /// The ids of the recorded resources whose subscription id passes `keep`.
    static func resources(_ db: Database, inSubscription keep: (String) -> Bool) throws -> Set<Int64> {
        var result: Set<Int64> = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, subscription_id FROM resources")
        while let row = try cursor.next() {
            if keep(row[1]) { result.insert(row[0]) }
        }
        return result
    }

    /// Writes the cycle row and the policies it did not evaluate, inside the same transaction as its results.
    static func insertCycle(_ db: Database, _ new: NewCycle, seq: Int, resultCount: Int, changedCount: Int) throws
        -> Cycle
    {
        let unevaluatedCount = new.assignedPolicies == nil ? nil : new.unevaluated.count
        try db.execute(
            sql: """
                INSERT INTO cycles (seq, kind, start, visible_at, tenant_version, source, status, result_count, changed_count,
                                    assigned_policies, unevaluated_policies)
                VALUES (?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?)
                """,
            arguments: [
                seq, new.kind.rawValue, new.start.timeIntervalSince1970, new.visibleAt.timeIntervalSince1970,
                new.tenantVersion, new.source, resultCount, changedCount, new.assignedPolicies, unevaluatedCount,
            ])
        for policy in new.unevaluated {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO unevaluated_policies
                        (seq, assignment_id, definition_id, reference_id, reason, detail) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    seq, policy.assignmentId, policy.definitionId, policy.referenceId ?? "", policy.reason.rawValue,
                    policy.detail,
                ])
        }
        return Cycle(
            seq: seq, kind: new.kind, start: new.start, visibleAt: new.visibleAt, tenantVersion: new.tenantVersion,
            source: new.source, resultCount: resultCount, changedCount: changedCount,
            assignedPolicies: new.assignedPolicies, unevaluatedPolicies: unevaluatedCount)
    }

    /// The policies cycle `seq` did not evaluate, and why, in the order recorded.
    package func unevaluatedPolicies(seq: Int) throws -> [UnevaluatedPolicy] {
        try queue.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT assignment_id, definition_id, reference_id, reason, detail FROM unevaluated_policies
                    WHERE seq = ? ORDER BY assignment_id, definition_id, reference_id
                    """,
                arguments: [seq]
            ).map { row in
                let reference: String = row[2]
                return UnevaluatedPolicy(
                    assignmentId: row[0], definitionId: row[1], referenceId: reference.isEmpty ? nil : reference,
                    reason: UnevaluatedPolicy.Reason(rawValue: row[3]) ?? .compileError, detail: row[4])
            }
        }
    }

    /// The newest policy cycle (standard, on-demand or change) visible at `instant`: what says how
    /// partial the policy results visible then are (its counts are nil when it was ingested or
    /// recorded before they were kept).
    package func latestPolicyCycle(visibleAt instant: Date) throws -> Cycle? {
        try queue.read { db in
            try Row.fetchOne(
                db,
                sql: Self.cycleSelect + """
                     WHERE kind IN ('policy', 'scan', 'change') AND visible_at <= ?
                    ORDER BY seq DESC LIMIT 1
                    """,
                arguments: [instant.timeIntervalSince1970]
            ).map(Self.cycle)
        }
    }
}
