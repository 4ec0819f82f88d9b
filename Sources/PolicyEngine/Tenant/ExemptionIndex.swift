import Foundation
import PolicyModel

/// The tenant's exemptions by scope, so that a cycle finds the exemptions of a resource by
/// walking its few ancestor scopes once, then picks among those few for each assigned policy.
struct ExemptionIndex: Sendable {
    private let exemptions: [PolicyExemption]
    /// Positions in `exemptions` by lower-cased scope id.
    private let byScope: [String: [Int]]

    init(_ exemptions: [PolicyExemption]) {
        self.exemptions = exemptions.sorted(by: { $0.id < $1.id })
        var byScope: [String: [Int]] = [:]
        for (i, exemption) in self.exemptions.enumerated() { byScope[exemption.scope.key, default: []].append(i) }
        self.byScope = byScope
    }

    /// Whether the tenant has any exemption at all (most cycles can then skip the lookup).
    var isEmpty: Bool { byScope.isEmpty }

    /// The exemptions at any of `scopes` (a resource and every scope above it), as positions.
    func candidates(at scopes: [ResourceID]) -> [Int] {
        scopes.flatMap { byScope[$0.key] ?? [] }
    }

    /// The exemption honoured for this resource and assigned policy at `instant`: among the
    /// `candidates` at the resource's scopes, for this assignment, naming this reference id (or
    /// none), not expired, and selecting the resource. The first by id when several apply.
    func exemption(
        among candidates: [Int], for resource: Resource, assignment: ResourceID, referenceId: String?, at instant: Date
    ) -> PolicyExemption? {
        var best: Int?
        for i in candidates
        where exemptions[i].policyAssignmentId == assignment && exemptions[i].isActive(at: instant)
            && exemptions[i].covers(referenceId: referenceId) && exemptions[i].resourceSelectors.selects(resource)
        {
            if best == nil || i < best! { best = i }
        }
        return best.map { exemptions[$0] }
    }
}
