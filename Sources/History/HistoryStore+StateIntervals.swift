import Foundation
import GRDB

extension HistoryStore {
    /// Closes and opens `policy_states` intervals so that the rows valid at `seq` are `rows`.
    /// Within `scope` (resource ids; nil = everything), an open row missing from `rows` is closed.
    /// A row evaluated later than `evaluatedAt` is left alone. Returns how many pairs changed.
    static func applyStateIntervals(
        _ db: Database, seq: Int, rows: [UInt64: StateRow], scope: Set<Int64>?, evaluatedAt: Date
    ) throws -> Int {
        let instant = evaluatedAt.timeIntervalSince1970
        var open: [UInt64: StateRow] = [:]
        open.reserveCapacity(rows.count)
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT resource, policy, state, exemption_id, exemption_category, evaluated_at FROM policy_states WHERE to_seq IS NULL")
        while let row = try cursor.next() {
            let resource: Int64 = row[0]
            if let scope, !scope.contains(resource) { continue }
            open[pairKey(resource, row[1])] = StateRow(state: row[2], exemptionId: row[3], exemptionCategory: row[4], evaluatedAt: row[5])
        }
        let close = try db.cachedStatement(
            sql: "UPDATE policy_states SET to_seq = ? WHERE resource = ? AND policy = ? AND to_seq IS NULL")
        let insert = try db.cachedStatement(
            sql: "INSERT INTO policy_states (resource, policy, from_seq, state, exemption_id, exemption_category, evaluated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        var changed = 0
        for (pair, row) in rows {
            let (resource, policy) = (Int64(pair >> 32), Int64(pair & 0xFFFF_FFFF))
            if let current = open[pair] {
                if current.evaluatedAt > instant || current == row { continue }
                try close.execute(arguments: [seq, resource, policy])
            }
            try insert.execute(arguments: [resource, policy, seq, row.state, row.exemptionId, row.exemptionCategory, row.evaluatedAt])
            changed += 1
        }
        for (pair, current) in open where rows[pair] == nil && current.evaluatedAt <= instant {
            try close.execute(arguments: [seq, Int64(pair >> 32), Int64(pair & 0xFFFF_FFFF)])
            changed += 1
        }
        return changed
    }
}
