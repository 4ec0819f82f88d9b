import Defender
import Foundation
import History
import PolicyModel

extension PostgresHistoryStore {
    /// The SQL condition "the row's interval holds cycle `$1`".
    static let validAtCycle = "from_seq <= $1 AND COALESCE(to_seq, \(Int64.max)) > $1"

    /// The dictionaries, loaded for a write.
    func dictionaries() throws -> Dictionaries {
        Dictionaries(
            resources: try session.query("SELECT id, resource_id FROM resources").map {
                (try $0.int(0), try $0.text(1))
            },
            policies: try session.query("SELECT id, assignment_id, definition_id, reference_id, action FROM policies")
                .map { (try $0.int(0), try $0.text(1), try $0.text(2), try $0.text(3), try $0.text(4)) },
            texts: try texts())
    }

    /// Every text by id.
    func texts() throws -> [Int64: String] {
        var texts: [Int64: String] = [:]
        for row in try session.query("SELECT id, text FROM texts") { texts[try row.int(0)] = try row.text(1) }
        return texts
    }

    /// Writes the dictionaries' new rows, before the rows that refer to them.
    func write(_ dictionaries: inout Dictionaries) throws {
        try session.insert(
            into: "resources",
            columns: ["id", "resource_id", "subscription_id", "resource_type", "location", "resource_group"],
            rows: dictionaries.pendingResources.map {
                [
                    .int($0.id), .text($0.resourceId), .text($0.subscriptionId), .text($0.type), .text($0.location),
                    .text($0.group),
                ]
            })
        try session.insert(
            into: "policies",
            columns: ["id", "assignment_id", "definition_id", "reference_id", "set_id", "action", "group_names"],
            rows: dictionaries.pendingPolicies.map {
                [
                    .int($0.id), .text($0.assignmentId), .text($0.definitionId), .text($0.referenceId), .text($0.setId),
                    .text($0.action), .text($0.groupNames),
                ]
            })
        try write(&dictionaries.texts)
        dictionaries.pendingResources.removeAll()
        dictionaries.pendingPolicies.removeAll()
    }

    func write(_ texts: inout TextDictionary) throws {
        try session.insert(
            into: "texts", columns: ["id", "text"], rows: texts.pending.map { [.int($0.id), .text($0.text)] })
        texts.pending.removeAll()
    }

    /// Records a policy cycle (standard, on-demand or change) and its results in one transaction.
    /// `subscriptions`: the subscriptions the cycle shows (with the results' own); results of other
    /// subscriptions carry over. Nil: every subscription. A worker of a sharded run (`new.shard`)
    /// shows the subscriptions it owns and adds its part to the cycle.
    @discardableResult
    package func recordPolicyCycle(
        _ new: NewCycle, results: PolicyResults, resources scope: Set<String>?, subscriptions: Set<String>?
    ) throws -> Cycle {
        try write {
            let slot = try slot(for: new)
            let seq = slot.seq
            var dictionaries = try dictionaries()
            let rows = StateIntervals.rows(results, dictionaries: &dictionaries)
            try write(&dictionaries)
            var scopeIds = scope.map { Set($0.compactMap { dictionaries.resources[$0] }) }
            if let subscriptions {
                let shown = subscriptions.union(results.states.map(\.subscriptionId))
                    .union(results.disabled.map(\.subscriptionId))
                let inShown = try resources(inSubscriptions: shown)
                // The resources the cycle's own rows name are in it, whatever subscription they were recorded in.
                let named = Set(rows.keys.map { Int64($0 >> 32) })
                scopeIds = (scopeIds.map { $0.intersection(inShown) } ?? inShown).union(named)
            }
            if let shard = new.shard {
                let owned = try resources(inSubscription: shard.owns(subscription:))
                scopeIds = scopeIds.map { $0.intersection(owned) } ?? owned
            }
            var open: [UInt64: (from: Int64, row: StateRow)] = [:]
            open.reserveCapacity(rows.count)
            for row in try session.query(
                """
                SELECT from_seq, resource, policy, state, exemption, exemption_category FROM policy_states
                WHERE to_seq IS NULL
                """)
            {
                let resource = try row.int(1)
                if let scopeIds, !scopeIds.contains(resource) { continue }
                open[StateIntervals.pairKey(resource, try row.int(2))] = (
                    try row.int(0),
                    StateRow(
                        state: try row.text(3), exemption: try row.optionalInt(4),
                        exemptionCategory: try row.optionalText(5))
                )
            }
            var writer = PostgresIntervalWriter()
            let changed = try StateIntervals.apply(
                seq: seq, rows: rows, open: open, starts: try cycleStarts(), evaluatedAt: new.start, writer: &writer)
            try writer.write(
                session, table: "policy_states", key: ["resource", "policy"],
                columns: ["from_seq", "resource", "policy", "state", "exemption", "exemption_category"], seq: seq)
            return try finishCycle(new, slot: slot, resultCount: rows.count, changedCount: changed)
        }
    }

    /// The policy results visible at `instant`: those of the newest policy, scan or change cycle
    /// visible then, with every earlier result still standing.
    package func policyResults(visibleAt instant: Date) throws -> PolicyResults {
        try read {
            guard let cycle = try latestCycle(kinds: [.policy, .scan, .change], visibleAt: instant) else {
                return PolicyResults(states: [])
            }
            return try policyResults(asOf: cycle.seq)
        }
    }

    /// The policy results as they stood after cycle `seq`.
    package func policyResults(asOfCycle seq: Int) throws -> PolicyResults {
        try read { try policyResults(asOf: seq) }
    }

    func storedResources() throws -> [Int64: StoredResource] {
        StoredResource.ranked(
            try session.query(
                "SELECT id, resource_id, subscription_id, resource_type, location, resource_group FROM resources"
            ).map { row in
                (
                    try row.int(0),
                    StoredResource(
                        id: try row.text(1), subscriptionId: try row.text(2), type: try row.text(3),
                        location: try row.optionalText(4), group: try row.optionalText(5))
                )
            })
    }

    func policyResults(asOf seq: Int) throws -> PolicyResults {
        var policies: [Int64: StoredPolicy] = [:]
        let rows = try session.query(
            """
            SELECT id, assignment_id, definition_id, reference_id, set_id, action, group_names FROM policies
            ORDER BY assignment_id COLLATE "C", reference_id COLLATE "C", id
            """)
        for (rank, row) in rows.enumerated() {
            policies[try row.int(0)] = StoredPolicy(
                assignment: try row.text(1), definition: try row.text(2), reference: try row.text(3),
                set: try row.optionalText(4), action: try row.text(5), groups: try row.text(6), rank: rank)
        }
        var builder = PolicyResultsBuilder(
            resources: try storedResources(), policies: policies, texts: try texts(), starts: try cycleStarts())
        for row in try session.query(
            """
            SELECT from_seq, resource, policy, state, exemption, exemption_category FROM policy_states
            WHERE \(Self.validAtCycle)
            """, [.number(seq)])
        {
            try builder.add(
                fromSeq: try row.int(0), resource: try row.int(1), policy: try row.int(2), state: try row.text(3),
                exemption: try row.optionalInt(4), exemptionCategory: try row.optionalText(5))
        }
        return builder.results()
    }

    /// Records a Defender cycle and its assessments in one transaction. `subscriptions`: the
    /// subscriptions the cycle shows (with the assessments' own); an assessment of another
    /// subscription carries over unchanged. Nil: every subscription.
    @discardableResult
    package func recordDefenderCycle(
        _ new: NewCycle, assessments: [Assessment], resourceTypes: [String: String], subscriptions: Set<String>?
    ) throws -> Cycle {
        try write {
            let seq = try nextSeq(for: new)
            var dictionaries = try dictionaries()
            let rows = AssessmentIntervals.rows(assessments, resourceTypes: resourceTypes, dictionaries: &dictionaries)
            try write(&dictionaries)
            var open: [AssessmentRowKey: (from: Int64, row: AssessmentRow)] = [:]
            for row in try session.query(
                """
                SELECT from_seq, resource, assessment_key, status, cause, description, exemption_category, origin,
                first_evaluation, status_change FROM assessments WHERE to_seq IS NULL
                """)
            {
                open[AssessmentRowKey(resource: try row.int(1), key: try row.int(2))] = (
                    try row.int(0),
                    AssessmentRow(
                        status: try row.text(3), cause: try row.optionalInt(4), description: try row.optionalInt(5),
                        exemptionCategory: try row.optionalText(6), origin: try row.int(7),
                        firstEvaluation: try row.double(8), statusChange: try row.double(9))
                )
            }
            let shown = try subscriptions.map {
                try resources(inSubscriptions: $0.union(assessments.map(\.subscriptionId)))
            }
            let carried = AssessmentIntervals.carry(&open, outside: shown, except: rows)
            var writer = PostgresIntervalWriter()
            let (changed, log) = try AssessmentIntervals.apply(seq: seq, rows: rows, open: open, writer: &writer)
            try writer.write(
                session, table: "assessments", key: ["resource", "assessment_key"],
                columns: [
                    "from_seq", "resource", "assessment_key", "status", "cause", "description", "exemption_category",
                    "origin", "first_evaluation", "status_change",
                ], seq: seq)
            if !log.isEmpty {
                try session.insert(
                    into: "assessment_changes", columns: ["seq", "count", "changes"],
                    rows: [[.number(seq), .number(log.count), .bytes([UInt8](AssessmentChangeLog.blob(log)))]])
                let since = try session.scalarInt(AssessmentChangeLog.sinceCheckpointSQL) ?? 0
                let count =
                    try session.scalarInt("SELECT count FROM assessment_checkpoints ORDER BY seq DESC LIMIT 1") ?? 0
                if AssessmentChangeLog.checkpointDue(since: Int(since), checkpointCount: Int(count)) {
                    let state = AssessmentIntervals.state(rows.merging(carried) { new, _ in new })
                    try session.insert(
                        into: "assessment_checkpoints", columns: ["seq", "count", "state"],
                        rows: [[.number(seq), .number(state.count), .bytes([UInt8](AssessmentChangeLog.blob(state)))]])
                }
            }
            return try insertCycle(
                new, seq: seq, resultCount: rows.count + carried.count, changedCount: changed)
        }
    }

    /// The assessments visible at `instant`: those of the newest Defender cycle visible then.
    package func assessments(visibleAt instant: Date) throws -> [Assessment] {
        try read {
            guard let cycle = try latestCycle(kinds: [.defender], visibleAt: instant) else { return [] }
            return try assessments(asOf: cycle.seq)
        }
    }

    /// The assessments as they stood after cycle `seq`.
    package func assessments(asOfCycle seq: Int) throws -> [Assessment] {
        try read { try assessments(asOf: seq) }
    }

    func assessments(asOf seq: Int) throws -> [Assessment] {
        var builder = AssessmentsBuilder(resources: try storedResources(), texts: try texts())
        for row in try session.query(
            """
            SELECT resource, assessment_key, status, cause, description, exemption_category, origin, first_evaluation,
            status_change FROM assessments WHERE \(Self.validAtCycle)
            """, [.number(seq)])
        {
            try builder.add(
                resource: try row.int(0), key: try row.int(1), status: try row.text(2), cause: try row.optionalInt(3),
                description: try row.optionalInt(4), exemptionCategory: try row.optionalText(5),
                origin: try row.int(6), firstEvaluation: try row.double(7), statusChange: try row.double(8))
        }
        return builder.assessments()
    }

    /// The `statusChangeDate` of every assessment row Defender cycle `seq` wrote (new or changed).
    package func statusChanges(writtenBy seq: Int) throws -> [Date] {
        try read {
            try session.query(
                "SELECT status_change FROM assessments WHERE from_seq = $1 ORDER BY resource, assessment_key",
                [.number(seq)]
            ).map { Date(timeIntervalSince1970: try $0.double(0)) }
        }
    }
}

/// A cycle's interval rows for PostgreSQL, gathered while the shared logic decides them, then
/// written in a few statements: one UPDATE for the rows it closes, batched INSERTs for the new.
private struct PostgresIntervalWriter: StateIntervalWriter, AssessmentIntervalWriter {
    var closedFrom: [Int64] = []
    var closedKey: [(Int64, Int64)] = []
    var opened: [[PostgresValue]] = []

    mutating func close(seq: Int, from: Int64, resource: Int64, policy: Int64) throws {
        closedFrom.append(from)
        closedKey.append((resource, policy))
    }

    mutating func open(seq: Int, resource: Int64, policy: Int64, row: StateRow) throws {
        opened.append([
            .number(seq), .int(resource), .int(policy), .text(row.state), .int(row.exemption),
            .text(row.exemptionCategory),
        ])
    }

    mutating func close(seq: Int, from: Int64, key: AssessmentRowKey) throws {
        closedFrom.append(from)
        closedKey.append((key.resource, key.key))
    }

    mutating func open(seq: Int, key: AssessmentRowKey, row: AssessmentRow) throws {
        opened.append([
            .number(seq), .int(key.resource), .int(key.key), .text(row.status), .int(row.cause),
            .int(row.description), .text(row.exemptionCategory), .int(row.origin), .double(row.firstEvaluation),
            .double(row.statusChange),
        ])
    }

    /// Closes the gathered rows with `seq` and inserts the new ones into `table`, whose rows are
    /// keyed by `from_seq` and the two `key` columns.
    func write(_ session: PostgresSession, table: String, key: [String], columns: [String], seq: Int) throws {
        if !closedFrom.isEmpty {
            _ = try session.query(
                """
                UPDATE \(table) t SET to_seq = $1 FROM unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS c (f, a, b)
                WHERE t.from_seq = c.f AND t.\(key[0]) = c.a AND t.\(key[1]) = c.b
                """, [.number(seq), .ints(closedFrom), .ints(closedKey.map(\.0)), .ints(closedKey.map(\.1))])
        }
        try session.insert(into: table, columns: columns, rows: opened)
    }
}

extension PostgresHistoryStore {
    /// The ids of the recorded resources of these subscriptions (compared without case).
    func resources(inSubscriptions subscriptions: Set<String>) throws -> Set<Int64> {
        let wanted = Set(subscriptions.map { $0.lowercased() })
        return try resources(inSubscription: { wanted.contains($0.lowercased()) })
    }

    /// The ids of the recorded resources whose subscription id passes `keep`.
    func resources(inSubscription keep: (String) -> Bool) throws -> Set<Int64> {
        var result: Set<Int64> = []
        for row in try session.query("SELECT id, subscription_id FROM resources") {
            if keep(try row.text(1)) { result.insert(try row.int(0)) }
        }
        return result
    }
}
