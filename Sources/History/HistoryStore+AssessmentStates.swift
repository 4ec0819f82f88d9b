import GRDB

extension HistoryStore {
    /// Calls `body` with every assessment's status after each of `cycles` (Defender cycles, in
    /// ascending order), sorted by resource and key: the first state from the change log's
    /// checkpoint before it, each next one by the net changes since the one before. What a
    /// series over many instants reads instead of every assessment row of each.
    package func forEachAssessmentState(
        afterCycles cycles: [Int], _ body: (_ cycle: Int, _ state: [PairStatus]) throws -> Void
    ) throws {
        precondition(cycles == cycles.sorted(), "cycles in ascending order")
        try queue.read { db in
            var state: [PairStatus] = []
            var current: Int?
            for seq in cycles {
                if let current {
                    if seq > current {
                        state = try AssessmentChangeLog.applying(
                            AssessmentChangeLog.netChanges(db, after: current, through: seq), to: state)
                    }
                } else {
                    state = try AssessmentChangeLog.state(db, after: seq)
                }
                current = seq
                try body(seq, state)
            }
        }
    }

    /// Every text `PairStatus` refers to (assessment keys, causes), by id.
    package func assessmentTexts() throws -> [Int64: String] {
        try queue.read { db in try Dictionaries.texts(db) }
    }

    /// Every resource row's subscription id and resource type as recorded (the tenant's `type`
    /// when the tenant knew the resource, else the type its id names), without its id: what
    /// per-row lookups of a subscription and an owning team need. Rows repeat a few subscriptions
    /// and types, so each distinct text becomes a `String` once: `subscriptions` and `types` hold
    /// them, each row gives its indexes into them.
    package func resourceClasses() throws -> ResourceClasses {
        try queue.read { db in
            var classes = ResourceClasses()
            var subscriptionIndex: [String: Int] = [:]
            var typeIndex: [String: Int] = [:]
            var last: (sub: [UInt8], subIndex: Int, type: [UInt8], typeIndex: Int) = ([], -1, [], -1)
            try db.scan("SELECT id, subscription_id, resource_type FROM resources") { row in
                let (sub, type) = (row.utf8(1), row.utf8(2))
                if last.subIndex < 0 || !sub.elementsEqual(last.sub) {
                    let text = String(decoding: sub, as: UTF8.self)
                    last.subIndex =
                        subscriptionIndex[text]
                        ?? {
                            subscriptionIndex[text] = classes.subscriptions.count
                            classes.subscriptions.append(text)
                            return classes.subscriptions.count - 1
                        }()
                    last.sub = Array(sub)
                }
                if last.typeIndex < 0 || !type.elementsEqual(last.type) {
                    let text = String(decoding: type, as: UTF8.self)
                    last.typeIndex =
                        typeIndex[text]
                        ?? {
                            typeIndex[text] = classes.types.count
                            classes.types.append(text)
                            return classes.types.count - 1
                        }()
                    last.type = Array(type)
                }
                classes.rows.append((row.int(0), last.subIndex, last.typeIndex))
            }
            return classes
        }
    }

    /// The recorded ids of the resource rows in `rows` (rows not recorded are left out).
    package func resourceIds(rows: Set<Int64>) throws -> [Int64: String] {
        guard !rows.isEmpty else { return [:] }
        return try queue.read { db in
            var ids: [Int64: String] = [:]
            try db.scan("SELECT id, resource_id FROM resources") { row in
                let id = row.int(0)
                if rows.contains(id) { ids[id] = row.text(1) }
            }
            return ids
        }
    }
}

/// The resource rows of a history by subscription and type (`HistoryStore.resourceClasses`).
package struct ResourceClasses: Sendable {
    /// Distinct subscription ids and resource types, as recorded.
    package var subscriptions: [String] = []
    package var types: [String] = []
    /// Each resource row with the indexes of its subscription and type.
    package var rows: [(row: Int64, subscription: Int, type: Int)] = []
}

extension ResourceClasses {
    /// Builds the classes row by row, each distinct text kept once.
    package struct Builder {
        package private(set) var classes = ResourceClasses()
        private var subscriptionIndex: [String: Int] = [:]
        private var typeIndex: [String: Int] = [:]

        package init() {}

        /// Adds a `resources` row.
        package mutating func add(row: Int64, subscription: String, type: String) {
            let s = subscriptionIndex[subscription] ?? classes.subscriptions.count
            if s == classes.subscriptions.count {
                subscriptionIndex[subscription] = s
                classes.subscriptions.append(subscription)
            }
            let t = typeIndex[type] ?? classes.types.count
            if t == classes.types.count {
                typeIndex[type] = t
                classes.types.append(type)
            }
            classes.rows.append((row, s, t))
        }
    }
}
