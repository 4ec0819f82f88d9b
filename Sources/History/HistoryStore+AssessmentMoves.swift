import GRDB
import PolicyModel

extension HistoryStore {
    /// The resources whose assessments differ between cycle `from` and cycle `to` (`from` ≤ `to`),
    /// with all their assessments after each.
    ///
    /// Two range reads on the key, each row packed by SQLite into two integers: the rows valid
    /// after `from` (`from_seq` ≤ `from`, not ended by then), and the rows that started between the
    /// two cycles. Sorted by (resource, key), they are walked side by side; what was valid after
    /// `to` follows from them. The cost is the tenant's size plus the period's changes, never a
    /// lookup per row, and strings only for the resources that moved.
    public func assessmentMoves(fromCycle from: Int, toCycle to: Int) throws -> AssessmentMoves {
        precondition(from <= to, "cycles in order")
        guard from < to else { return AssessmentMoves() }
        return try queue.read { db in
            var valid: [(pair: UInt64, row: PackedRow)] = []
            try db.scan("SELECT \(PackedRow.columns) FROM assessments WHERE \(ValidAt.cycle)", arguments: [from]) { row in
                valid.append((UInt64(bitPattern: row.int(0)), PackedRow(bits: row.int(1))))
            }
            var started: [(pair: UInt64, row: PackedRow, start: Int)] = []
            try db.scan(
                "SELECT \(PackedRow.columns), from_seq FROM assessments WHERE from_seq > ?1 AND from_seq <= ?2", arguments: [from, to]
            ) { row in
                started.append((UInt64(bitPattern: row.int(0)), PackedRow(bits: row.int(1)), Int(row.int(2))))
            }
            valid.sort { $0.pair < $1.pair }
            started.sort { ($0.pair, $0.start) < ($1.pair, $1.start) }
            var walk = MoveWalk()
            walk.run(valid, started, to: to)
            return try walk.moves(db)
        }
    }
}

/// The walk of `assessmentMoves`: every (resource, key) pair's status after each cycle, kept for
/// the resources with at least one move, keys as stored text ids until the end.
private struct MoveWalk {
    /// Per kept resource: its row id and its range of `pairs`.
    var resources: [(row: Int64, pairs: Range<Int>)] = []
    /// `key` holds the key's text id until `moves` turns it into an index.
    var pairs: [AssessmentMoves.Pair] = []

    mutating func run(_ valid: [(pair: UInt64, row: PackedRow)], _ started: [(pair: UInt64, row: PackedRow, start: Int)], to: Int) {
        pairs.reserveCapacity(valid.count)
        var i = 0
        var j = 0
        var resource: Int64 = -1
        var first = 0
        var moved = false
        while i < valid.count || j < started.count {
            let pair = min(i < valid.count ? valid[i].pair : .max, j < started.count ? started[j].pair : .max)
            if Int64(pair >> 32) != resource {
                close(resource, first: first, moved: moved)
                (resource, first, moved) = (Int64(pair >> 32), pairs.count, false)
            }
            var record = AssessmentMoves.Pair(key: Int(pair & 0xFFFF_FFFF), before: .none, after: .none)
            var ended = 0
            if i < valid.count, valid[i].pair == pair {
                let row = valid[i].row
                record.before = row.status
                if row.end != 0, row.end <= to { ended = row.end } else { record.after = row.status }
                i += 1
            }
            while j < started.count, started[j].pair == pair {
                let row = started[j].row
                if row.end != 0, row.end <= to {
                    ended = max(ended, row.end)
                } else {
                    record.after = row.status
                    record.movedIn = started[j].start
                }
                j += 1
            }
            if record.moved {
                moved = true
                if record.movedIn == nil, ended > 0 { record.movedIn = ended }
            } else {
                record.movedIn = nil
            }
            pairs.append(record)
        }
        close(resource, first: first, moved: moved)
    }

    /// Keeps the resource's pairs when one moved, drops them otherwise.
    private mutating func close(_ resource: Int64, first: Int, moved: Bool) {
        guard resource >= 0 else { return }
        if moved { resources.append((resource, first..<pairs.count)) } else { pairs.removeSubrange(first...) }
    }

    /// The moves with their texts: keys as indexes in key order, resources and subscriptions
    /// from the dictionaries, resources sorted by subscription and id.
    func moves(_ db: Database) throws -> AssessmentMoves {
        guard !resources.isEmpty else { return AssessmentMoves() }
        let texts = try Dictionaries.texts(db)
        var keyIds: [Int] = []
        var indexOfId = [Int](repeating: -1, count: (pairs.map(\.key).max() ?? 0) + 1)  // text ids are dense
        for pair in pairs where indexOfId[pair.key] < 0 {
            indexOfId[pair.key] = keyIds.count
            keyIds.append(pair.key)
        }
        var keys: [String] = []
        for id in keyIds {
            guard let key = texts[Int64(id)] else { throw HistoryError("assessments refers to text \(id), which is not in the dictionary") }
            keys.append(key)
        }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var rank = [Int](repeating: 0, count: keys.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        var sortedPairs = pairs
        for i in sortedPairs.indices { sortedPairs[i].key = indexOfId[sortedPairs[i].key] }
        for resource in resources { sortedPairs[resource.pairs].sort { rank[$0.key] < rank[$1.key] } }

        let wanted = Dictionary(uniqueKeysWithValues: resources.map { ($0.row, $0.pairs) })
        var subscriptions: [String] = []
        var subscriptionIndex: [String: Int] = [:]
        var found: [(id: ResourceID, subscription: Int, pairs: Range<Int>)] = []
        found.reserveCapacity(resources.count)
        try db.scan("SELECT id, resource_id, subscription_id FROM resources") { row in
            guard let range = wanted[row.int(0)] else { return }
            let subscription = row.text(2)
            let index = subscriptionIndex[subscription] ?? subscriptions.count
            if index == subscriptions.count {
                subscriptionIndex[subscription] = index
                subscriptions.append(subscription)
            }
            found.append((ResourceID(row.text(1)), index, range))
        }
        guard found.count == resources.count else { throw HistoryError("assessments refers to resources that are not in resources") }
        let lowered = subscriptions.map { $0.lowercased() }
        found.sort { (lowered[$0.subscription], $0.id.key) < (lowered[$1.subscription], $1.id.key) }
        return AssessmentMoves(
            subscriptions: subscriptions, keys: keys,
            resources: found.map { AssessmentMoves.Resource(id: $0.id, subscription: $0.subscription, pairs: $0.pairs) },
            pairs: sortedPairs, causes: texts)
    }
}
