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
    /// is kept, not overwritten.
    @discardableResult
    public func recordPolicyCycle(_ new: NewCycle, results: PolicyResults, resources scope: Set<String>? = nil) throws -> Cycle {
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
                    state: state.complianceState.rawValue, exemptionId: state.exemption?.id.rawValue,
                    exemptionCategory: state.exemption?.category.rawValue, evaluatedAt: new.start.timeIntervalSince1970)
            }
            for pair in results.disabled {
                let r = try dictionaries.resource(
                    db, id: pair.resourceId, subscriptionId: pair.subscriptionId,
                    type: pair.resourceId.resourceType?.lowercased() ?? "", location: nil, group: pair.resourceId.resourceGroup)
                let p = try dictionaries.policy(
                    db, assignment: pair.policyAssignmentId, definition: pair.policyDefinitionId, reference: nil, set: nil,
                    action: "disabled", groups: [])
                rows[Self.pairKey(r, p)] = StateRow(
                    state: Self.disabledMarker, exemptionId: nil, exemptionCategory: nil,
                    evaluatedAt: new.start.timeIntervalSince1970)
            }
            let scopeIds = scope.map { Set($0.compactMap { dictionaries.resources[$0] }) }
            let changed = try Self.applyStateIntervals(db, seq: seq, rows: rows, scope: scopeIds, evaluatedAt: new.start)
            return try Self.insertCycle(db, new, seq: seq, resultCount: rows.count, changedCount: changed)
        }
    }

    /// The policy results visible at `instant`: those of the newest policy, scan or change cycle
    /// visible then, with every earlier result still standing. Empty before the first cycle.
    public func policyResults(visibleAt instant: Date) throws -> PolicyResults {
        try queue.read { db in
            guard let cycle = try Self.latestCycle(db, kinds: [.policy, .scan, .change], visibleAt: instant) else {
                return PolicyResults(states: [])
            }
            return try Self.policyResults(db, asOf: cycle.seq)
        }
    }

    static func policyResults(_ db: Database, asOf seq: Int) throws -> PolicyResults {
        var states: [PolicyState] = []
        var disabled: [DisabledPolicy] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.resource_id, r.subscription_id, r.resource_type, r.location, r.resource_group,
                       p.assignment_id, p.definition_id, p.reference_id, p.set_id, p.action, p.group_names,
                       s.state, s.exemption_id, s.exemption_category, s.evaluated_at
                FROM policy_states s JOIN resources r ON r.id = s.resource JOIN policies p ON p.id = s.policy
                WHERE s.from_seq <= ? AND (s.to_seq IS NULL OR s.to_seq > ?)
                ORDER BY r.resource_key, p.assignment_id, p.reference_id
                """, arguments: [seq, seq])
        while let row = try rows.next() {
            let resourceId = ResourceID(row[0])
            let stateText: String = row[11]
            if stateText == disabledMarker {
                disabled.append(DisabledPolicy(
                    resourceId: resourceId, subscriptionId: row[1], policyAssignmentId: ResourceID(row[5]),
                    policyDefinitionId: ResourceID(row[6])))
                continue
            }
            let reference: String = row[7]
            let groups: String = row[10]
            var exemption: PolicyState.ExemptionReference?
            if let id: String = row[12], let category = (row[13] as String?).flatMap(PolicyExemption.Category.init) {
                exemption = PolicyState.ExemptionReference(id: ResourceID(id), category: category)
            }
            states.append(PolicyState(
                timestamp: Date(timeIntervalSince1970: row[14]), resourceId: resourceId,
                policyAssignmentId: ResourceID(row[5]), policyDefinitionId: ResourceID(row[6]),
                policyDefinitionReferenceId: reference.isEmpty ? nil : reference,
                policySetDefinitionId: (row[8] as String?).map(ResourceID.init),
                complianceState: ComplianceState(name: stateText) ?? .unknown, policyDefinitionAction: row[9],
                subscriptionId: row[1], resourceType: row[2], resourceLocation: row[3], resourceGroup: row[4],
                policyDefinitionGroupNames: groups.isEmpty ? [] : groups.components(separatedBy: "\n"),
                exemption: exemption))
        }
        return PolicyResults(states: states, disabled: disabled)
    }

    static func pairKey(_ resource: Int64, _ policy: Int64) -> UInt64 {
        UInt64(resource) << 32 | UInt64(policy)
    }
}

/// One policy-state row's content; a row is rewritten only when this changes.
struct StateRow: Equatable {
    var state: String
    var exemptionId: String?
    var exemptionCategory: String?
    /// The tenant instant evaluated; not part of equality.
    var evaluatedAt: Double

    static func == (a: StateRow, b: StateRow) -> Bool {
        a.state == b.state && a.exemptionId == b.exemptionId && a.exemptionCategory == b.exemptionCategory
    }
}
