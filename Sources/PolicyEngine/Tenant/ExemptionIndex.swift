import Foundation
import PolicyModel

/// The tenant's exemptions by (assignment, scope), so that a cycle finds the exemptions of a
/// resource by walking its few ancestor scopes instead of testing every exemption.
struct ExemptionIndex: Sendable {
    private let byScope: [String: [PolicyExemption]]

    init(_ exemptions: [PolicyExemption]) {
        var byScope: [String: [PolicyExemption]] = [:]
        for exemption in exemptions.sorted(by: { $0.id < $1.id }) {
            byScope[exemption.policyAssignmentId.key + "|" + exemption.scope.key, default: []].append(exemption)
        }
        self.byScope = byScope
    }

    /// Whether the tenant has any exemption at all (most cycles can then skip the lookup).
    var isEmpty: Bool { byScope.isEmpty }

    /// The exemption honoured for this resource and assigned policy at `instant`: at one of the
    /// resource's `scopes` (itself and every scope above it), for this assignment, naming this
    /// reference id (or none), not expired, and selecting the resource. The first by id when several apply.
    func exemption(
        for resource: Resource, scopes: [ResourceID], assignment: ResourceID, referenceId: String?, at instant: Date
    ) -> PolicyExemption? {
        var best: PolicyExemption?
        for scope in scopes {
            guard let candidates = byScope[assignment.key + "|" + scope.key] else { continue }
            for e in candidates
            where e.isActive(at: instant) && e.covers(referenceId: referenceId) && e.resourceSelectors.selects(resource) {
                if best == nil || e.id < best!.id { best = e }
            }
        }
        return best
    }
}
