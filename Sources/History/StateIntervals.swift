import Defender
import Foundation
import PolicyModel

/// One policy-state row's content; a row is rewritten only when this changes.
package struct StateRow: Equatable {
    package var state: String
    /// The exemption's id, in `texts`.
    package var exemption: Int64?
    package var exemptionCategory: String?

    package init(state: String, exemption: Int64?, exemptionCategory: String?) {
        self.state = state
        self.exemption = exemption
        self.exemptionCategory = exemptionCategory
    }
}

/// Where a policy cycle writes its `policy_states` rows, inside the store's transaction.
package protocol StateIntervalWriter {
    /// Ends the open row of (resource, policy) that started at `from` with cycle `seq`.
    mutating func close(seq: Int, from: Int64, resource: Int64, policy: Int64) throws
    /// Opens a row of (resource, policy) at cycle `seq`.
    mutating func open(seq: Int, resource: Int64, policy: Int64, row: StateRow) throws
}

/// A policy cycle's results as `policy_states` intervals, the same whatever the store.
package enum StateIntervals {
    /// The marker stored for a disabled (resource, policy) pair; not an Azure compliance state.
    package static let disabledMarker = "Disabled"

    /// A (resource, policy) pair in one integer: `resource << 32 | policy`.
    package static func pairKey(_ resource: Int64, _ policy: Int64) -> UInt64 {
        UInt64(resource) << 32 | UInt64(policy)
    }

    /// The rows a cycle's results make, by pair; new resources, policies and texts wait in
    /// `dictionaries` for the store to write.
    package static func rows(_ results: PolicyResults, dictionaries: inout Dictionaries) -> [UInt64: StateRow] {
        var rows: [UInt64: StateRow] = [:]
        rows.reserveCapacity(results.states.count + results.disabled.count)
        for state in results.states {
            let r = dictionaries.resource(
                id: state.resourceId, subscriptionId: state.subscriptionId, type: state.resourceType,
                location: state.resourceLocation, group: state.resourceGroup)
            let p = dictionaries.policy(
                assignment: state.policyAssignmentId, definition: state.policyDefinitionId,
                reference: state.policyDefinitionReferenceId, set: state.policySetDefinitionId,
                action: state.policyDefinitionAction, groups: state.policyDefinitionGroupNames)
            rows[pairKey(r, p)] = StateRow(
                state: state.complianceState.rawValue,
                exemption: state.exemption.map { dictionaries.text($0.id.rawValue) },
                exemptionCategory: state.exemption?.category.rawValue)
        }
        for pair in results.disabled {
            let r = dictionaries.resource(
                id: pair.resourceId, subscriptionId: pair.subscriptionId, type: pair.resourceId.typeKey, location: nil,
                group: pair.resourceId.resourceGroup)
            let p = dictionaries.policy(
                assignment: pair.policyAssignmentId, definition: pair.policyDefinitionId, reference: nil, set: nil,
                action: "disabled", groups: [])
            rows[pairKey(r, p)] = StateRow(state: disabledMarker, exemption: nil, exemptionCategory: nil)
        }
        return rows
    }

    /// Closes and opens intervals so that the rows valid at `seq` are `rows`, given the open rows
    /// (pair → first cycle, content) within the cycle's scope: an open row missing from `rows` is
    /// closed. A row written by a cycle that started later than `evaluatedAt` (`starts`: each
    /// cycle's start) is left alone. Returns how many pairs changed.
    package static func apply(
        seq: Int, rows: [UInt64: StateRow], open: [UInt64: (from: Int64, row: StateRow)], starts: [Int64: Double],
        evaluatedAt: Date, writer: inout some StateIntervalWriter
    ) throws -> Int {
        let instant = evaluatedAt.timeIntervalSince1970
        func later(_ from: Int64) -> Bool { (starts[from] ?? 0) > instant }
        var changed = 0
        // In key order: the inserts of one cycle go to the end of the table in order.
        for pair in rows.keys.sorted() {
            let row = rows[pair]!
            let (resource, policy) = (Int64(pair >> 32), Int64(pair & 0xFFFF_FFFF))
            if let current = open[pair] {
                if later(current.from) || current.row == row { continue }
                try writer.close(seq: seq, from: current.from, resource: resource, policy: policy)
            }
            try writer.open(seq: seq, resource: resource, policy: policy, row: row)
            changed += 1
        }
        for (pair, current) in open where rows[pair] == nil && !later(current.from) {
            try writer.close(
                seq: seq, from: current.from, resource: Int64(pair >> 32), policy: Int64(pair & 0xFFFF_FFFF))
            changed += 1
        }
        return changed
    }
}
