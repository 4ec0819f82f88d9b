import Defender
import Foundation
import PolicyModel

/// What a run writes into a history. Each method is one transaction: a cycle is recorded whole,
/// with all its results, or not at all, so a run killed at any moment leaves a history that the
/// next run finishes as an uninterrupted run would have. Two runs are kept apart by a
/// `HistoryRunLock` taken before the store is written.
package protocol HistoryWriting: HistoryReading {
    /// Fixes the history's start; the first value stays.
    func setSince(_ instant: Date) throws
    /// Asks for an on-demand policy scan at `instant` (`posture scan`); the runner executes it when due.
    func requestScan(at instant: Date) throws
    /// Records a tenant as observed at `observedAt`: a new version only if something changed.
    /// Returns the version now current and whether it is new.
    @discardableResult
    func recordTenant(_ snapshot: TenantSnapshot, observedAt: Date) throws -> (version: TenantVersion, isNew: Bool)
    /// Records a policy cycle (standard, on-demand or change) and its results. `resources`: for a
    /// change cycle, the resources it re-evaluated (lower-cased ids); nil re-evaluates the whole tenant.
    /// `subscriptions`: the subscriptions the cycle shows (an observed list is per subscription; compared
    /// without case, the results' own subscriptions always included): results of other subscriptions
    /// carry over unchanged. Nil: the cycle shows every subscription.
    @discardableResult
    func recordPolicyCycle(
        _ new: NewCycle, results: PolicyResults, resources scope: Set<String>?, subscriptions: Set<String>?
    ) throws -> Cycle
    /// Records a Defender cycle and its assessments; `resourceTypes` gives the tenant's type of
    /// each resource by lower-cased id (else the type its id names). `subscriptions` as for a policy
    /// cycle: only their assessments missing from `assessments` are recorded as gone.
    @discardableResult
    func recordDefenderCycle(
        _ new: NewCycle, assessments: [Assessment], resourceTypes: [String: String], subscriptions: Set<String>?
    ) throws -> Cycle
    /// Records a score computation: every subscription's total and controls. `subscriptions` as for
    /// a policy cycle: the previous computation's rows of other subscriptions carry over.
    @discardableResult
    func recordScoreCycle(_ new: NewCycle, scores: [SubscriptionScore], subscriptions: Set<String>?) throws -> Cycle
    /// The end of a run that wrote something: whatever the store keeps aside while writing (SQLite's
    /// write-ahead log) is folded into the history.
    func checkpoint() throws
}

extension HistoryWriting {
    /// Records a policy cycle of every subscription.
    @discardableResult
    package func recordPolicyCycle(_ new: NewCycle, results: PolicyResults, resources scope: Set<String>?) throws
        -> Cycle
    {
        try recordPolicyCycle(new, results: results, resources: scope, subscriptions: nil)
    }

    /// Records a Defender cycle of every subscription.
    @discardableResult
    package func recordDefenderCycle(
        _ new: NewCycle, assessments: [Assessment], resourceTypes: [String: String]
    ) throws -> Cycle {
        try recordDefenderCycle(new, assessments: assessments, resourceTypes: resourceTypes, subscriptions: nil)
    }

    /// Records a score computation of every subscription.
    @discardableResult
    package func recordScoreCycle(_ new: NewCycle, scores: [SubscriptionScore]) throws -> Cycle {
        try recordScoreCycle(new, scores: scores, subscriptions: nil)
    }

    /// Records a policy cycle over the whole tenant.
    @discardableResult
    package func recordPolicyCycle(_ new: NewCycle, results: PolicyResults) throws -> Cycle {
        try recordPolicyCycle(new, results: results, resources: nil)
    }

    /// Records a Defender cycle, each resource's type read from its id.
    @discardableResult
    package func recordDefenderCycle(_ new: NewCycle, assessments: [Assessment]) throws -> Cycle {
        try recordDefenderCycle(new, assessments: assessments, resourceTypes: [:])
    }
}
