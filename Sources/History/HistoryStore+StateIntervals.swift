import Foundation
import GRDB

extension HistoryStore {
    /// Closes and opens `policy_states` intervals so that the rows valid at `seq` are `rows`.
    /// Within `scope` (resource ids; nil = everything), an open row missing from `rows` is closed.
    /// A row written by a cycle that started later than `evaluatedAt` is left alone. Returns how
    /// many pairs changed.
    static func applyStateIntervals(
        _ db: Database, seq: Int, rows: [UInt64: StateRow], scope: Set<Int64>?, evaluatedAt: Date
    ) throws -> Int {
        let instant = evaluatedAt.timeIntervalSince1970
        let starts = try cycleStarts(db)
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
            open[pairKey(resource, row[2])] = (
                row[0], StateRow(state: row[3], exemption: row[4], exemptionCategory: row[5])
            )
        }
        let close = try db.cachedStatement(
            sql: "UPDATE policy_states SET to_seq = ? WHERE from_seq = ? AND resource = ? AND policy = ?")
        let insert = try db.cachedStatement(
            sql:
                "INSERT INTO policy_states (from_seq, resource, policy, state, exemption, exemption_category) VALUES (?, ?, ?, ?, ?, ?)"
        )
        func later(_ from: Int64) -> Bool { (starts[from] ?? 0) > instant }
        var changed = 0
        // In key order: the inserts of one cycle go to the end of the table in order.
        for pair in rows.keys.sorted() {
            let row = rows[pair]!
            let (resource, policy) = (Int64(pair >> 32), Int64(pair & 0xFFFF_FFFF))
            if let current = open[pair] {
                if later(current.from) || current.row == row { continue }
                try close.execute(arguments: [seq, current.from, resource, policy])
            }
            try insert.execute(arguments: [seq, resource, policy, row.state, row.exemption, row.exemptionCategory])
            changed += 1
        }
        for (pair, current) in open where rows[pair] == nil && !later(current.from) {
            try close.execute(arguments: [seq, current.from, Int64(pair >> 32), Int64(pair & 0xFFFF_FFFF)])
            changed += 1
        }
        return changed
    }
}
