import Defender
import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// The marker stored for a disabled (resource, policy) pair; not an Azure compliance state.
    static let disabledMarker = "Disabled"

    /// Records a policy cycle (standard, on-demand or change) and its results in one transaction.
    ///
    /// `resources`: for a `change` cycle, the resources it re-evaluated (lower-cased ids); other
    /// results stay as they are. Nil re-evaluates the whole tenant. A result evaluated at a later
    /// instant than this cycle's start (a change cycle that ran while this cycle was in progress)
    /// is kept, not overwritten. `subscriptions`: the subscriptions the cycle shows (with the
    /// results' own); results of other subscriptions carry over. Nil: every subscription.
    @discardableResult
    package func recordPolicyCycle(
        _ new: NewCycle, results: PolicyResults, resources scope: Set<String>?, subscriptions: Set<String>?
    ) throws -> Cycle {
        try queue.write { db in
            let seq = try Self.nextSeq(db, for: new)
            var dictionaries = try Dictionaries(db)
            var rows: [UInt64: StateRow] = [:]
            rows.reserveCapacity(results.states.count + results.disabled.count)
            for state in results.states {
                let r = try dictionaries.resource(
                    db, id: state.resourceId, subscriptionId: state.subscriptionId, type: state.resourceType,
                    location: state.resourceLocation, group: state.resourceGroup)
                let p = try dictionaries.policy(
                    db, assignment: state.policyAssignmentId, definition: state.policyDefinitionId,
                    reference: state.policyDefinitionReferenceId, set: state.policySetDefinitionId,
                    action: state.policyDefinitionAction, groups: state.policyDefinitionGroupNames)
                rows[Self.pairKey(r, p)] = StateRow(
                    state: state.complianceState.rawValue,
                    exemption: try state.exemption.map { try dictionaries.text(db, $0.id.rawValue) },
                    exemptionCategory: state.exemption?.category.rawValue)
            }
            for pair in results.disabled {
                let r = try dictionaries.resource(
                    db, id: pair.resourceId, subscriptionId: pair.subscriptionId,
                    type: pair.resourceId.typeKey, location: nil, group: pair.resourceId.resourceGroup)
                let p = try dictionaries.policy(
                    db, assignment: pair.policyAssignmentId, definition: pair.policyDefinitionId, reference: nil,
                    set: nil,
                    action: "disabled", groups: [])
                rows[Self.pairKey(r, p)] = StateRow(state: Self.disabledMarker, exemption: nil, exemptionCategory: nil)
            }
            var scopeIds = scope.map { Set($0.compactMap { dictionaries.resources[$0] }) }
            if let subscriptions {
                let shown = subscriptions.union(results.states.map(\.subscriptionId))
                    .union(results.disabled.map(\.subscriptionId))
                let inShown = try Self.resources(db, inSubscriptions: shown)
                scopeIds = scopeIds.map { $0.intersection(inShown) } ?? inShown
            }
            let changed = try Self.applyStateIntervals(
                db, seq: seq, rows: rows, scope: scopeIds, evaluatedAt: new.start)
            return try Self.insertCycle(db, new, seq: seq, resultCount: rows.count, changedCount: changed)
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
        let resources = try StoredResource.all(db)
        let policies = try StoredPolicy.all(db)
        let texts = try Dictionaries.texts(db)
        let starts = try cycleStarts(db)
        var found: [(rank: (Int, Int), state: PolicyState?, disabled: DisabledPolicy?)] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT from_seq, resource, policy, state, exemption, exemption_category FROM policy_states
                WHERE \(ValidAt.cycle)
                """, arguments: [seq])
        while let row = try rows.next() {
            guard let r = resources[row[1]], let p = policies[row[2]] else {
                throw HistoryError(
                    .damaged,
                    "policy_states refers to resource \(row[1] as Int64) or policy \(row[2] as Int64), which are not in the dictionaries"
                )
            }
            let stateText: String = row[3]
            if stateText == disabledMarker {
                found.append(
                    (
                        (r.rank, p.rank), nil,
                        DisabledPolicy(
                            resourceId: r.id, subscriptionId: r.subscriptionId, policyAssignmentId: p.assignmentId,
                            policyDefinitionId: p.definitionId)
                    ))
                continue
            }
            var exemption: PolicyState.ExemptionReference?
            if let id = (row[4] as Int64?).flatMap({ texts[$0] }),
                let category = (row[5] as String?).flatMap(PolicyExemption.Category.init)
            {
                exemption = PolicyState.ExemptionReference(id: ResourceID(id), category: category)
            }
            found.append(
                (
                    (r.rank, p.rank),
                    PolicyState(
                        timestamp: Date(timeIntervalSince1970: starts[row[0]] ?? 0), resourceId: r.id,
                        policyAssignmentId: p.assignmentId, policyDefinitionId: p.definitionId,
                        policyDefinitionReferenceId: p.referenceId.isEmpty ? nil : p.referenceId,
                        policySetDefinitionId: p.setId,
                        complianceState: ComplianceState(name: stateText) ?? .unknown, policyDefinitionAction: p.action,
                        subscriptionId: r.subscriptionId, resourceType: r.type, resourceLocation: r.location,
                        resourceGroup: r.group,
                        policyDefinitionGroupNames: p.groupNames, exemption: exemption), nil
                ))
        }
        found.sort { $0.rank < $1.rank }
        return PolicyResults(states: found.compactMap(\.state), disabled: found.compactMap(\.disabled))
    }

    /// Every cycle's start by its number: a state's timestamp is the start of the cycle that wrote it.
    static func cycleStarts(_ db: Database) throws -> [Int64: Double] {
        var starts: [Int64: Double] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seq, start FROM cycles") { starts[row[0]] = row[1] }
        return starts
    }

    static func pairKey(_ resource: Int64, _ policy: Int64) -> UInt64 {
        UInt64(resource) << 32 | UInt64(policy)
    }
}

/// One policy-state row's content; a row is rewritten only when this changes.
struct StateRow: Equatable {
    var state: String
    /// The exemption's id, in `texts`.
    var exemption: Int64?
    var exemptionCategory: String?
}
