import Foundation
import PolicyEngine
import PolicyModel

/// The tenant's exemptions as they stand at an instant: status, the resources each one covers,
/// and whether those resources would be compliant without it (a candidate for removal).
///
/// A function of values: the tenant recorded at the instant, the policy states visible then.
/// Covered resources are those whose states are `Exempt` by the exemption; for an exemption no
/// longer honoured (expired), the resources under its scope and selectors that have states for its
/// assignment and reference ids. `compliantAnyway` evaluates those resources with the real engine
/// against the tenant without the exemption.
package struct ExemptionReport: Sendable {
    /// One exemption.
    package struct Entry: Sendable {
        package let exemption: PolicyExemption
        package let status: ExemptionStatus
        /// Why it is orphaned; empty when it is not.
        package let orphanReasons: [OrphanReason]
        /// Honoured, but expires within the report's window.
        package let isExpiring: Bool
        /// Expired at the report's instant.
        package let isExpired: Bool
        /// The covered resources, sorted by id.
        package let coveredResources: [ResourceID]
        /// Whether every covered resource would be Compliant without the exemption; nil when that
        /// cannot be decided (nothing covered, or a covered resource gets no state).
        package let compliantAnyway: Bool?

        /// Whether the entry is one of these kinds; an empty set admits every entry. The kinds are
        /// flags, so an expired exemption on a deleted resource matches both `expired` and `orphaned`.
        package func matches(_ kinds: Set<ExemptionStatus>) -> Bool {
            kinds.isEmpty
                || kinds.contains { kind in
                    switch kind {
                    case .orphaned: !orphanReasons.isEmpty
                    case .expired: isExpired
                    case .expiring: isExpiring
                    case .active: status == .active
                    }
                }
        }
    }

    /// The instant the exemptions are judged at.
    package let at: Date
    /// The `expiring` window.
    package let window: TimeInterval
    /// Most pressing status first, then by exemption id.
    package let entries: [Entry]

    /// Judges every exemption of `tenant` at `at`, against the policy states in `results`.
    /// Findings of the tenant count as published assessments when the engine re-evaluates.
    package init(tenant: Tenant, results: PolicyResults, at: Date, expiringWithin window: TimeInterval) {
        self.at = at
        self.window = window
        let scopes = TenantScopes(tenant)
        let exempted = Dictionary(grouping: results.states.filter { $0.exemption != nil }) { $0.exemption!.id }
        let probe = CompliantAnywayProbe(tenant: tenant, at: at)
        var entries: [Entry] = []
        for exemption in tenant.exemptions {
            let reasons = exemption.orphanReasons(in: tenant, scopes: scopes)
            let expired = exemption.isExpired(at: at)
            let expiring = exemption.expires(within: window, of: at)
            let status: ExemptionStatus =
                !reasons.isEmpty ? .orphaned : expired ? .expired : expiring ? .expiring : .active
            let covered: [ResourceID]
            if expired {
                covered = Self.resourcesInScope(of: exemption, results: results, tenant: tenant, probe: probe)
            } else {
                covered = Set((exempted[exemption.id] ?? []).map(\.resourceId)).sorted()
            }
            entries.append(
                Entry(
                    exemption: exemption, status: status, orphanReasons: reasons, isExpiring: expiring,
                    isExpired: expired,
                    coveredResources: covered,
                    compliantAnyway: probe.compliantAnyway(without: exemption, covered: covered)))
        }
        let rank = Dictionary(uniqueKeysWithValues: ExemptionStatus.allCases.enumerated().map { ($1, $0) })
        self.entries = entries.sorted { (rank[$0.status]!, $0.exemption.id) < (rank[$1.status]!, $1.exemption.id) }
    }

    /// The entries that are one of these kinds (all for an empty set).
    package func entries(_ kinds: Set<ExemptionStatus>) -> [Entry] {
        entries.filter { $0.matches(kinds) }
    }

    /// Resources under the exemption's scope and selectors with states for its assignment and reference ids.
    private static func resourcesInScope(
        of exemption: PolicyExemption, results: PolicyResults, tenant: Tenant, probe: CompliantAnywayProbe
    ) -> [ResourceID] {
        var covered: Set<ResourceID> = []
        for state in results.states
        where state.policyAssignmentId == exemption.policyAssignmentId
            && exemption.covers(referenceId: state.policyDefinitionReferenceId)
            && tenant.isUnder(state.resourceId, exemption.scope)
        {
            let selected = probe.resource(state.resourceId).map { exemption.resourceSelectors.selects($0) }
            if selected ?? exemption.resourceSelectors.isEmpty { covered.insert(state.resourceId) }
        }
        return covered.sorted()
    }
}
