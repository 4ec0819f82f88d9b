import PolicyModel

/// Every resource with an assessment that moved between two Defender cycles, with all its
/// assessments after each, in integers: what a score delta replays. Keys, subscriptions and
/// statuses are indexes and codes, so a year of moves costs no string work until a move is printed.
package struct AssessmentMoves: Sendable {
    /// A resource with at least one moved assessment.
    package struct Resource: Sendable {
        package var id: ResourceID
        /// Index into `subscriptions`.
        package var subscription: Int
        /// Its assessments: a range of `pairs`, sorted by key text.
        package var pairs: Range<Int>
    }

    /// One assessment of a resource: its status after each cycle (`none`: there was none).
    package struct Pair: Sendable {
        /// Index into `keys`.
        package var key: Int
        package var before: StatusCode
        package var after: StatusCode
        /// The Defender cycle of its last status change (nil when it did not move, and in
        /// `reversed()` moves).
        package var movedIn: Int?

        package var moved: Bool { before != after }
    }

    /// The subscription ids, as stored.
    package var subscriptions: [String]
    /// The recommendation keys.
    package var keys: [String]
    /// Sorted by subscription id, then resource id (both lower-cased).
    package var resources: [Resource]
    package var pairs: [Pair]
    /// The causes' texts by id, for `status(_:)`.
    let causes: [Int64: String]

    /// No moves.
    package init() {
        self.init(subscriptions: [], keys: [], resources: [], pairs: [], causes: [:])
    }

    init(subscriptions: [String], keys: [String], resources: [Resource], pairs: [Pair], causes: [Int64: String]) {
        self.subscriptions = subscriptions
        self.keys = keys
        self.resources = resources
        self.pairs = pairs
        self.causes = causes
    }

    /// Moves written out by hand, one resource at a time with its assessments after each cycle by key.
    package init(
        _ written: [(
            id: ResourceID, subscriptionId: String, before: [String: AssessmentStatus],
            after: [String: AssessmentStatus]
        )]
    ) {
        var causeIds: [String: Int64] = [:]
        func code(_ status: AssessmentStatus?) -> StatusCode {
            guard let status else { return .none }
            let cause = status.cause.map { text in
                if let id = causeIds[text] { return id }
                causeIds[text] = Int64(causeIds.count + 1)
                return Int64(causeIds.count)
            }
            return StatusCode(status, cause: cause ?? 0)
        }
        let subscriptions = Array(Set(written.map(\.subscriptionId))).sorted()
        let keys = Array(Set(written.flatMap { Array($0.before.keys) + Array($0.after.keys) })).sorted()
        var resources: [Resource] = []
        var pairs: [Pair] = []
        for resource in written.sorted(by: {
            ($0.subscriptionId.lowercased(), $0.id.key) < ($1.subscriptionId.lowercased(), $1.id.key)
        }) {
            let start = pairs.count
            for key in Set(resource.before.keys).union(resource.after.keys).sorted() {
                pairs.append(
                    Pair(
                        key: keys.firstIndex(of: key)!, before: code(resource.before[key]),
                        after: code(resource.after[key])))
            }
            resources.append(
                Resource(
                    id: resource.id, subscription: subscriptions.firstIndex(of: resource.subscriptionId)!,
                    pairs: start..<pairs.count))
        }
        self.init(
            subscriptions: subscriptions, keys: keys, resources: resources, pairs: pairs,
            causes: Dictionary(uniqueKeysWithValues: causeIds.map { ($1, $0) }))
    }

    /// The status a code stands for (nil for `none`).
    package func status(_ code: StatusCode) -> AssessmentStatus? {
        code.decode { causes[$0] ?? "" }
    }

    /// The same moves seen backwards: before and after swapped, with no move dated.
    package func reversed() -> AssessmentMoves {
        var result = self
        for i in result.pairs.indices {
            let pair = result.pairs[i]
            result.pairs[i] = Pair(key: pair.key, before: pair.after, after: pair.before)
        }
        return result
    }

    /// Keeps the resources whose subscription passes `keep` (given the stored id).
    package mutating func keepSubscriptions(where keep: (String) -> Bool) {
        let kept = subscriptions.map(keep)
        resources.removeAll { !kept[$0.subscription] }
    }
}
