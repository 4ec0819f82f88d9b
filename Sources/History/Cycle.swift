import Foundation
import PolicyModel

/// One completed cycle in the history.
public struct Cycle: Sendable, Equatable {
    /// What a cycle did.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
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

        /// Order among cycles visible at the same instant: policy results before Defender before score.
        public var tieOrder: Int {
            switch self {
            case .change: 0
            case .policy: 1
            case .scan: 2
            case .defender: 3
            case .score: 4
            }
        }
    }

    /// Position in visibility order: cycles are executed and numbered in the order their results
    /// become visible.
    public var seq: Int
    public var kind: Kind
    /// When the cycle started (the instant of the tenant it evaluated, for policy cycles).
    public var start: Date
    /// When its results became visible.
    public var visibleAt: Date
    /// The tenant version it read.
    public var tenantVersion: Int?
    /// `engine` (PostureSync evaluated) or `ingest` (states exported from Azure).
    public var source: String
    /// Rows it produced (states, assessments or score rows).
    public var resultCount: Int
    /// Rows that changed from the previous cycle of its kind.
    public var changedCount: Int
    /// For a policy cycle the engine ran: how many (assignment, policy) pairs the tenant assigned,
    /// and how many of them it did not evaluate (`HistoryStore.unevaluatedPolicies(seq:)` says
    /// which and why). Nil for other cycles, ingested ones and those recorded before this was kept.
    public var assignedPolicies: Int? = nil
    public var unevaluatedPolicies: Int? = nil
}

/// A cycle about to be recorded.
public struct NewCycle: Sendable, Equatable {
    public var kind: Cycle.Kind
    public var start: Date
    public var visibleAt: Date
    public var tenantVersion: Int?
    public var source: String
    /// For a policy cycle the engine runs: how many policies the tenant assigns, and those it skips.
    public var assignedPolicies: Int?
    public var unevaluated: [UnevaluatedPolicy]

    public init(
        kind: Cycle.Kind, start: Date, visibleAt: Date, tenantVersion: Int?, source: String = "engine",
        assignedPolicies: Int? = nil, unevaluated: [UnevaluatedPolicy] = []
    ) {
        self.kind = kind
        self.start = start
        self.visibleAt = visibleAt
        self.tenantVersion = tenantVersion
        self.source = source
        self.assignedPolicies = assignedPolicies
        self.unevaluated = unevaluated
    }
}
