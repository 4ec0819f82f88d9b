import GRDB

/// One (resource, recommendation) pair's change in one Defender cycle, in integers (as `PairStatus`).
package struct PairChange: Sendable, Equatable {
    /// The resource's row in the `resources` dictionary.
    package let resource: Int64
    /// The recommendation key's text id.
    package let key: Int64
    package let before: StatusCode
    package let after: StatusCode
}

extension HistoryStore {
    /// Calls `body` with each Defender cycle's changes, in cycle order, from the first cycle up to
    /// `seq` included: the assessment change log as written (the first cycle's changes bring
    /// every pair from `none`). What a query that follows each pair through time reads.
    package func forEachAssessmentChange(
        throughCycle seq: Int, _ body: (_ cycle: Int, _ changes: [PairChange]) throws -> Void
    ) throws {
        try queue.read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, changes FROM assessment_changes WHERE seq <= ? ORDER BY seq", arguments: [seq])
            while let row = try rows.next() {
                let cycle: Int = row[0]
                let changes = try AssessmentChangeLog.pairChanges(row[1], cycle: cycle)
                try body(cycle, changes)
            }
        }
    }
}
