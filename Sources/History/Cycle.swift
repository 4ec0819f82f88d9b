import Foundation
import PolicyModel

/// One completed cycle in the history.
package struct Cycle: Sendable, Equatable {
    /// What a cycle did.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Azure Policy's standard evaluation of the whole tenant.
        case policy
        /// An on-demand evaluation of the whole tenant (`Start-AzPolicyComplianceScan`).
        case scan
        /// Re-evaluation of changed resources alone (`onChange` in a schedule).
        case change
        /// Defender's assessment generation.
        case defender
        /// A secure score computation.
        case score
        /// Defender's regulatory compliance lists as Azure showed them (observed only: the model
        /// derives compliance from its policy states).
        case compliance

        /// Order among cycles visible at the same instant: policy results before Defender before score
        /// before compliance.
        package var tieOrder: Int {
            switch self {
            case .change: 0
            case .policy: 1
            case .scan: 2
            case .defender: 3
            case .score: 4
            case .compliance: 5
            }
        }

        /// Whether the cycle is Azure Policy's evaluation (standard, on-demand or change): the kinds
        /// the workers of a sharded run record in parts.
        package var isPolicyEvaluation: Bool { self == .policy || self == .scan || self == .change }
    }

    /// Position in visibility order: cycles are executed and numbered in the order their results
    /// become visible.
    package var seq: Int
    package var kind: Kind
    /// When the cycle started (the instant of the tenant it evaluated, for policy cycles).
    package var start: Date
    /// When its results became visible.
    package var visibleAt: Date
    /// The tenant version it read.
    package var tenantVersion: Int?
    /// `engine` (PostureSync evaluated) or `ingest` (states exported from Azure).
    package var source: String
    /// Rows it produced (states, assessments or score rows).
    package var resultCount: Int
    /// Rows that changed from the previous cycle of its kind.
    package var changedCount: Int
    /// For a policy cycle the engine ran: how many (assignment, policy) pairs the tenant assigned,
    /// and how many of them it did not evaluate (`HistoryStore.unevaluatedPolicies(seq:)` says
    /// which and why). Nil for other cycles, ingested ones and those recorded before this was kept.
    package var assignedPolicies: Int? = nil
    package var unevaluatedPolicies: Int? = nil

    package init(
        seq: Int, kind: Kind, start: Date, visibleAt: Date, tenantVersion: Int?, source: String, resultCount: Int,
        changedCount: Int, assignedPolicies: Int? = nil, unevaluatedPolicies: Int? = nil
    ) {
        self.seq = seq
        self.kind = kind
        self.start = start
        self.visibleAt = visibleAt
        self.tenantVersion = tenantVersion
        self.source = source
        self.resultCount = resultCount
        self.changedCount = changedCount
        self.assignedPolicies = assignedPolicies
        self.unevaluatedPolicies = unevaluatedPolicies
    }
}

/// A cycle about to be recorded.
package struct NewCycle: Sendable, Equatable {
    package var kind: Cycle.Kind
    package var start: Date
    package var visibleAt: Date
    package var tenantVersion: Int?
    package var source: String
    /// For a policy cycle the engine runs: how many policies the tenant assigns, and those it skips.
    package var assignedPolicies: Int?
    package var unevaluated: [UnevaluatedPolicy]
    /// For a policy cycle a worker of a sharded run records: the worker, whose part (the results of
    /// the subscriptions it owns) joins the other workers' in one cycle. Nil: the cycle is whole.
    package var shard: Shard?

    package init(
        kind: Cycle.Kind, start: Date, visibleAt: Date, tenantVersion: Int?, source: String = "engine",
        assignedPolicies: Int? = nil, unevaluated: [UnevaluatedPolicy] = [], shard: Shard? = nil
    ) {
        self.shard = shard
        self.kind = kind
        self.start = start
        self.visibleAt = visibleAt
        self.tenantVersion = tenantVersion
        self.source = source
        self.assignedPolicies = assignedPolicies
        self.unevaluated = unevaluated
    }
}
