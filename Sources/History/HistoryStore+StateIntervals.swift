import Foundation
import GRDB

extension HistoryStore {
    /// Closes and opens `policy_states` intervals so that the rows valid at `seq` are `rows`
    /// (`StateIntervals.apply`). Within `scope` (resource ids; nil = everything), an open row
    /// missing from `rows` is closed. Returns how many pairs changed.
    static func applyStateIntervals(
        _ db: Database, seq: Int, rows: [UInt64: StateRow], scope: Set<Int64>?, evaluatedAt: Date
    ) throws -> Int {
        var open: [UInt64: (from: Int64, row: StateRow)] = [:]
        open.reserveCapacity(rows.count)
        let cursor = try Row.fetchCursor(
            db,
            sql:
                "SELECT from_seq, resource, policy, state, exemption, exemption_category FROM policy_states WHERE to_seq IS NULL"
        )
        while let row = try cursor.next() {
            let resource: Int64 = row[1]
            if let scope, !scope.contains(resource) { continue }
            open[StateIntervals.pairKey(resource, row[2])] = (
                row[0], StateRow(state: row[3], exemption: row[4], exemptionCategory: row[5])
            )
        }
        var writer = StateWriter(
            close: try db.cachedStatement(
                sql: "UPDATE policy_states SET to_seq = ? WHERE from_seq = ? AND resource = ? AND policy = ?"),
            insert: try db.cachedStatement(
                sql:
                    "INSERT INTO policy_states (from_seq, resource, policy, state, exemption, exemption_category) VALUES (?, ?, ?, ?, ?, ?)"
            ))
        return try StateIntervals.apply(
            seq: seq, rows: rows, open: open, starts: try cycleStarts(db), evaluatedAt: evaluatedAt, writer: &writer)
    }
}

/// `policy_states` rows written into SQLite.
private struct StateWriter: StateIntervalWriter {
    let close: Statement
    let insert: Statement

    func close(seq: Int, from: Int64, resource: Int64, policy: Int64) throws {
        try close.execute(arguments: [seq, from, resource, policy])
    }

    func open(seq: Int, resource: Int64, policy: Int64, row: StateRow) throws {
        try insert.execute(arguments: [seq, resource, policy, row.state, row.exemption, row.exemptionCategory])
    }
}
