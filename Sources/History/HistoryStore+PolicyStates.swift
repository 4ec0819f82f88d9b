import Defender
import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// Records a policy cycle (standard, on-demand or change) and its results in one transaction.
    ///
    /// `resources`: for a `change` cycle, the resources it re-evaluated (lower-cased ids); other
    /// results stay as they are. Nil re-evaluates the whole tenant. A result evaluated at a later
    /// instant than this cycle's start (a change cycle that ran while this cycle was in progress)
    /// is kept, not overwritten. `subscriptions`: the subscriptions the cycle shows (with the
    /// results' own); results of other subscriptions carry over. Nil: every subscription. A worker of
    /// a sharded run (`new.shard`) shows the subscriptions it owns and adds its part to the cycle.
    @discardableResult
    package func recordPolicyCycle(
        _ new: NewCycle, results: PolicyResults, resources scope: Set<String>?, subscriptions: Set<String>?
    ) throws -> Cycle {
        try queue.write { db in
            let slot = try Self.slot(db, for: new)
            let seq = slot.seq
            var dictionaries = try Dictionaries(db)
            let rows = StateIntervals.rows(results, dictionaries: &dictionaries)
            try dictionaries.write(db)
            var scopeIds = scope.map { Set($0.compactMap { dictionaries.resources[$0] }) }
            if let subscriptions {
                let shown = subscriptions.union(results.states.map(\.subscriptionId))
                    .union(results.disabled.map(\.subscriptionId))
                let inShown = try Self.resources(db, inSubscriptions: shown)
                // The resources the cycle's own rows name are in it, whatever subscription they were recorded in.
                let named = Set(rows.keys.map { Int64($0 >> 32) })
                scopeIds = (scopeIds.map { $0.intersection(inShown) } ?? inShown).union(named)
            }
            if let shard = new.shard {
                let owned = try Self.resources(db, inSubscription: shard.owns(subscription:))
                scopeIds = scopeIds.map { $0.intersection(owned) } ?? owned
            }
            let changed = try Self.applyStateIntervals(
                db, seq: seq, rows: rows, scope: scopeIds, evaluatedAt: new.start)
            return try Self.finishCycle(db, new, slot: slot, resultCount: rows.count, changedCount: changed)
        }
    }

    /// The policy results visible at `instant`: those of the newest policy, scan or change cycle
    /// visible then, with every earlier result still standing. Empty before the first cycle.
    package func policyResults(visibleAt instant: Date) throws -> PolicyResults {
        try queue.read { db in
            guard let cycle = try Self.latestCycle(db, kinds: [.policy, .scan, .change], visibleAt: instant) else {
                return PolicyResults(states: [])
            }
            return try Self.policyResults(db, asOf: cycle.seq)
        }
    }

    /// The policy results as they stood after cycle `seq`.
    package func policyResults(asOfCycle seq: Int) throws -> PolicyResults {
        try queue.read { db in try Self.policyResults(db, asOf: seq) }
    }

    static func policyResults(_ db: Database, asOf seq: Int) throws -> PolicyResults {
        var builder = PolicyResultsBuilder(
            resources: try StoredResource.all(db), policies: try StoredPolicy.all(db),
            texts: try Dictionaries.texts(db),
            starts: try cycleStarts(db))
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT from_seq, resource, policy, state, exemption, exemption_category FROM policy_states
                WHERE \(ValidAt.cycle)
                """, arguments: [seq])
        while let row = try rows.next() {
            try builder.add(
                fromSeq: row[0], resource: row[1], policy: row[2], state: row[3], exemption: row[4],
                exemptionCategory: row[5])
        }
        return builder.results()
    }

    /// Every cycle's start by its number: a state's timestamp is the start of the cycle that wrote it.
    static func cycleStarts(_ db: Database) throws -> [Int64: Double] {
        var starts: [Int64: Double] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seq, start FROM cycles") { starts[row[0]] = row[1] }
        return starts
    }
}
