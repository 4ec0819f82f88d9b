import Foundation
import PolicyModel

/// The tenant's exemptions by assignment, for the per-pair lookup of a cycle.
struct ExemptionIndex: Sendable {
    private let byAssignment: [ResourceID: [PolicyExemption]]

    init(_ exemptions: [PolicyExemption]) {
        byAssignment = Dictionary(grouping: exemptions, by: \.policyAssignmentId)
    }

    /// The exemption honoured for this resource and assigned policy at `instant`: at the
    /// resource's scope or above, for this assignment, naming this reference id (or none),
    /// not expired, and selecting the resource. The first by id when several apply.
    func exemption(
        for resource: Resource, assignment: ResourceID, referenceId: String?, at instant: Date, tenant: Tenant
    ) -> PolicyExemption? {
        guard let candidates = byAssignment[assignment] else { return nil }
        return candidates.filter {
            $0.isActive(at: instant) && $0.covers(referenceId: referenceId) && tenant.isUnder(resource.id, $0.scope)
                && $0.resourceSelectors.selects(resource)
        }.min { $0.id < $1.id }
    }
}
