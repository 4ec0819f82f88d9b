import Foundation
import History
import PolicyModel
import PostgresNIO

extension PostgresHistoryStore {
    static let cycleSelect = """
        SELECT seq, kind, start, visible_at, tenant_version, source, result_count, changed_count,
        assigned_policies, unevaluated_policies FROM cycles
        """

    static func cycle(_ row: PostgresRandomAccessRow) throws -> Cycle {
        Cycle(
            seq: Int(try row.int(0)), kind: Cycle.Kind(rawValue: try row.text(1)) ?? .policy,
            start: Date(timeIntervalSince1970: try row.double(2)),
            visibleAt: Date(timeIntervalSince1970: try row.double(3)),
            tenantVersion: try row.optionalInt(4).map(Int.init),
            source: try row.text(5), resultCount: Int(try row.int(6)), changedCount: Int(try row.int(7)),
            assignedPolicies: try row.optionalInt(8).map(Int.init),
            unevaluatedPolicies: try row.optionalInt(9).map(Int.init))
    }

    func cycles(_ sql: String, _ values: [PostgresValue] = []) throws -> [Cycle] {
        try session.query(Self.cycleSelect + sql, values).map(Self.cycle)
    }

    /// Every cycle in visibility order.
    package func cycles() throws -> [Cycle] {
        try read { try cycles(" ORDER BY seq") }
    }

    /// The last recorded cycle.
    package func lastCycle() throws -> Cycle? {
        try read { try cycles(" ORDER BY seq DESC LIMIT 1").first }
    }

    /// The last `count` recorded cycles of a kind, newest first, visible yet or not.
    package func cycles(of kind: Cycle.Kind, last count: Int) throws -> [Cycle] {
        try read { try cycles(" WHERE kind = $1 ORDER BY seq DESC LIMIT $2", [.text(kind.rawValue), .number(count)]) }
    }

    /// The newest cycle of one of these kinds whose results were visible at `instant`.
    package func latestCycle(of kinds: Set<Cycle.Kind>, visibleAt instant: Date) throws -> Cycle? {
        try read { try latestCycle(kinds: kinds, visibleAt: instant) }
    }

    func latestCycle(kinds: Set<Cycle.Kind>, visibleAt instant: Date) throws -> Cycle? {
        let list = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        return try cycles(
            " WHERE kind IN (\(list)) AND visible_at <= $1 ORDER BY seq DESC LIMIT 1",
            [.double(instant.timeIntervalSince1970)]
        ).first
    }

    /// The newest policy cycle (standard, on-demand or change) visible at `instant`.
    package func latestPolicyCycle(visibleAt instant: Date) throws -> Cycle? {
        try read { try latestCycle(kinds: [.policy, .scan, .change], visibleAt: instant) }
    }

    /// The policies cycle `seq` did not evaluate, and why, in the order recorded.
    package func unevaluatedPolicies(seq: Int) throws -> [UnevaluatedPolicy] {
        try read {
            try session.query(
                """
                SELECT assignment_id, definition_id, reference_id, reason, detail FROM unevaluated_policies
                WHERE seq = $1 ORDER BY assignment_id COLLATE "C", definition_id COLLATE "C", reference_id COLLATE "C"
                """, [.number(seq)]
            ).map { row in
                let reference = try row.text(2)
                return UnevaluatedPolicy(
                    assignmentId: try row.text(0), definitionId: try row.text(1),
                    referenceId: reference.isEmpty ? nil : reference,
                    reason: UnevaluatedPolicy.Reason(rawValue: try row.text(3)) ?? .compileError,
                    detail: try row.text(4))
            }
        }
    }

    /// The number the next cycle gets, inside the caller's transaction: cycles arrive in visibility
    /// order, whole (`CycleSlot`).
    func nextSeq(for new: NewCycle) throws -> Int {
        try slot(for: new).seq
    }

    /// Writes the cycle row and the policies it did not evaluate, inside the transaction of its results.
    func insertCycle(_ new: NewCycle, seq: Int, resultCount: Int, changedCount: Int) throws -> Cycle {
        let unevaluatedCount = new.assignedPolicies == nil ? nil : new.unevaluated.count
        try session.insert(
            into: "cycles",
            columns: [
                "seq", "kind", "start", "visible_at", "tenant_version", "source", "status", "result_count",
                "changed_count", "assigned_policies", "unevaluated_policies",
            ],
            rows: [
                [
                    .number(seq), .text(new.kind.rawValue), .double(new.start.timeIntervalSince1970),
                    .double(new.visibleAt.timeIntervalSince1970), .number(new.tenantVersion), .text(new.source),
                    .text("completed"), .number(resultCount), .number(changedCount), .number(new.assignedPolicies),
                    .number(unevaluatedCount),
                ]
            ])
        // As SQLite's INSERT OR REPLACE: a policy listed twice keeps its last reason.
        var unevaluated: [String: [PostgresValue]] = [:]
        var order: [String] = []
        for policy in new.unevaluated {
            let key = [policy.assignmentId, policy.definitionId, policy.referenceId ?? ""].joined(separator: "\n")
            if unevaluated[key] == nil { order.append(key) }
            unevaluated[key] = [
                .number(seq), .text(policy.assignmentId), .text(policy.definitionId), .text(policy.referenceId ?? ""),
                .text(policy.reason.rawValue), .text(policy.detail),
            ]
        }
        try session.insert(
            into: "unevaluated_policies",
            columns: ["seq", "assignment_id", "definition_id", "reference_id", "reason", "detail"],
            rows: order.map { unevaluated[$0]! })
        return Cycle(
            seq: seq, kind: new.kind, start: new.start, visibleAt: new.visibleAt, tenantVersion: new.tenantVersion,
            source: new.source, resultCount: resultCount, changedCount: changedCount,
            assignedPolicies: new.assignedPolicies, unevaluatedPolicies: unevaluatedCount)
    }

    /// Every cycle's start by its number: a state's timestamp is the start of the cycle that wrote it.
    func cycleStarts() throws -> [Int64: Double] {
        var starts: [Int64: Double] = [:]
        for row in try session.query("SELECT seq, start FROM cycles") { starts[try row.int(0)] = try row.double(1) }
        return starts
    }
}
