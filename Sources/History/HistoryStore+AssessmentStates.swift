import GRDB

extension HistoryStore {
    /// Calls `body` with every assessment's status after each of `cycles` (Defender cycles, in
    /// ascending order), sorted by resource and key: the first state from the change log's
    /// checkpoint before it, each next one by the net changes since the one before. What a
    /// series over many instants reads instead of every assessment row of each.
    public func forEachAssessmentState(afterCycles cycles: [Int], _ body: (_ cycle: Int, _ state: [PairStatus]) throws -> Void) throws {
        precondition(cycles == cycles.sorted(), "cycles in ascending order")
        try queue.read { db in
            var state: [PairStatus] = []
            var current: Int?
            for seq in cycles {
                if let current {
                    if seq > current { state = try AssessmentChangeLog.applying(AssessmentChangeLog.netChanges(db, after: current, through: seq), to: state) }
                } else {
                    state = try AssessmentChangeLog.state(db, after: seq)
                }
                current = seq
                try body(seq, state)
            }
        }
    }

    /// The dictionaries `PairStatus` refers to: every resource by row (its id and subscription
    /// id, as recorded) and every text by id.
    public func assessmentDictionaries() throws -> (resources: [Int64: (id: String, subscriptionId: String)], texts: [Int64: String]) {
        try queue.read { db in
            var resources: [Int64: (id: String, subscriptionId: String)] = [:]
            try db.scan("SELECT id, resource_id, subscription_id FROM resources") { row in resources[row.int(0)] = (row.text(1), row.text(2)) }
            return (resources, try Dictionaries.texts(db))
        }
    }
}
