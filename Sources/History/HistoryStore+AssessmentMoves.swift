import GRDB
import PolicyModel

extension HistoryStore {
    /// The resources whose assessments differ between cycle `from` and cycle `to` (`from` ≤ `to`),
    /// with all their assessments after each.
    ///
    /// Read from the assessment change log: every pair's status after `from` (the checkpoint
    /// before it plus the changes since), and the net change of every pair that changed up to
    /// `to`, both sorted by pair and walked side by side. The cost is the tenant's size plus the
    /// period's changes, read as blobs, and strings only for the resources that moved.
    package func assessmentMoves(fromCycle from: Int, toCycle to: Int) throws -> AssessmentMoves {
        precondition(from <= to, "cycles in order")
        guard from < to else { return AssessmentMoves() }
        return try queue.read { db in
            let state = try AssessmentChangeLog.state(db, after: from)
            let net = try AssessmentChangeLog.netChanges(db, after: from, through: to)
            var walk = AssessmentMoveWalk()
            try walk.run(state, net)
            guard walk.moved else { return AssessmentMoves() }
            let wanted = walk.resourceRows
            var found: [Int64: (id: String, subscription: String)] = [:]
            try db.scan("SELECT id, resource_id, subscription_id FROM resources") { row in
                let id = row.int(0)
                if wanted.contains(id) { found[id] = (row.text(1), row.text(2)) }
            }
            return try walk.moves(texts: try Dictionaries.texts(db), resources: found)
        }
    }
}

/// The walk of `assessmentMoves`, the same whatever the store: every (resource, key) pair's status
/// after each cycle, kept for the resources with at least one move, keys as stored text ids until
/// the end.
package struct AssessmentMoveWalk {
    /// Per kept resource: its row id and its range of `pairs`.
    var resources: [(row: Int64, pairs: Range<Int>)] = []
    /// `key` holds the key's text id until `moves` turns it into an index.
    var pairs: [AssessmentMoves.Pair] = []

    package init() {}

    /// Whether any resource moved.
    package var moved: Bool { !resources.isEmpty }
    /// The `resources` rows of the resources that moved: what `moves` needs read.
    package var resourceRows: Set<Int64> { Set(resources.map(\.row)) }

    /// Walks `state` (every pair's status after the first cycle, sorted by pair) and `net` (the net
    /// changes up to the second, sorted by pair) side by side.
    package mutating func run(_ state: [PairStatus], _ net: [(change: AssessmentChangeLog.Change, seq: Int)]) throws {
        pairs.reserveCapacity(state.count + net.count / 4)
        var i = 0
        var j = 0
        var resource: Int64 = -1
        var first = 0
        var moved = false
        while i < state.count || j < net.count {
            let pair = min(i < state.count ? state[i].pair : .max, j < net.count ? net[j].change.pair : .max)
            if Int64(pair >> 32) != resource {
                close(resource, first: first, moved: moved)
                (resource, first, moved) = (Int64(pair >> 32), pairs.count, false)
            }
            var record = AssessmentMoves.Pair(key: Int(pair & 0xFFFF_FFFF), before: .none, after: .none)
            if i < state.count, state[i].pair == pair {
                (record.before, record.after) = (state[i].code, state[i].code)
                i += 1
            }
            if j < net.count, net[j].change.pair == pair {
                guard net[j].change.before == record.before else {
                    throw AssessmentChangeLog.inconsistent(pair, seq: net[j].seq)
                }
                record.after = net[j].change.after
                if record.moved {
                    record.movedIn = net[j].seq
                    moved = true
                }
                j += 1
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
    /// `texts`: every text by id; `found`: the id and subscription of each of `resourceRows`.
    package func moves(texts: [Int64: String], resources found: [Int64: (id: String, subscription: String)]) throws
        -> AssessmentMoves
    {
        guard !resources.isEmpty else { return AssessmentMoves() }
        var keyIds: [Int] = []
        var indexOfId = [Int](repeating: -1, count: (pairs.map(\.key).max() ?? 0) + 1)  // text ids are dense
        for pair in pairs where indexOfId[pair.key] < 0 {
            indexOfId[pair.key] = keyIds.count
            keyIds.append(pair.key)
        }
        var keys: [String] = []
        for id in keyIds {
            guard let key = texts[Int64(id)] else {
                throw HistoryError(
                    .damaged, "the assessment change log refers to text \(id), which is not in the dictionary")
            }
            keys.append(key)
        }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var rank = [Int](repeating: 0, count: keys.count)
        for (position, index) in order.enumerated() { rank[index] = position }
        var sortedPairs = pairs
        for i in sortedPairs.indices { sortedPairs[i].key = indexOfId[sortedPairs[i].key] }
        for resource in resources { sortedPairs[resource.pairs].sort { rank[$0.key] < rank[$1.key] } }

        var subscriptions: [String] = []
        var subscriptionIndex: [String: Int] = [:]
        var moved: [(id: ResourceID, subscription: Int, pairs: Range<Int>)] = []
        moved.reserveCapacity(resources.count)
        for resource in resources {
            guard let row = found[resource.row] else {
                throw HistoryError(
                    .damaged, "the assessment change log refers to resources that are not in the resources dictionary")
            }
            let index = subscriptionIndex[row.subscription] ?? subscriptions.count
            if index == subscriptions.count {
                subscriptionIndex[row.subscription] = index
                subscriptions.append(row.subscription)
            }
            moved.append((ResourceID(row.id), index, resource.pairs))
        }
        let lowered = subscriptions.map { $0.lowercased() }
        moved.sort { (lowered[$0.subscription], $0.id.key) < (lowered[$1.subscription], $1.id.key) }
        return AssessmentMoves(
            subscriptions: subscriptions, keys: keys,
            resources: moved.map {
                AssessmentMoves.Resource(id: $0.id, subscription: $0.subscription, pairs: $0.pairs)
            },
            pairs: sortedPairs, causes: texts)
    }
}
