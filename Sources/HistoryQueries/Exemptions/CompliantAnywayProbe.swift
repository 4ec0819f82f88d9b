import Foundation
import PolicyEngine
import PolicyModel

/// Answers "would these resources be Compliant without this exemption?" with the real engine: the
/// tenant with the exemption removed, evaluated at the instant for those resources alone. The
/// tenant's policies are compiled once for every exemption asked about.
struct CompliantAnywayProbe {
    let tenant: Tenant
    let at: Date
    private let policies: TenantPolicies
    private let published: [Resource]
    private let resources: [ResourceID: Resource]

    init(tenant: Tenant, at: Date) {
        self.tenant = tenant
        self.at = at
        policies = TenantPolicies(tenant: tenant)
        published = tenant.findings.map(\.publishedResource)
        let subscriptions = tenant.subscriptions.map {
            Resource(id: $0.id, type: "Microsoft.Resources/subscriptions", json: $0.json)
        }
        resources = Dictionary((tenant.resources + tenant.resourceGroups + subscriptions).map { ($0.id, $0) }) { a, _ in
            a
        }
    }

    /// The tenant's resource (resource group, subscription) with this id.
    func resource(_ id: ResourceID) -> Resource? {
        resources[id]
    }

    /// False when a covered resource would not be Compliant under the exemption's assignment and
    /// reference ids (NonCompliant, Error, Conflict, Unknown, or still Exempt by another exemption);
    /// true when every one would be Compliant; nil when nothing is covered or a covered resource gets
    /// no such state (it is gone, or the policy no longer applies to it).
    func compliantAnyway(without exemption: PolicyExemption, covered: [ResourceID]) -> Bool? {
        guard !covered.isEmpty else { return nil }
        var without = tenant
        without.exemptions.removeAll { $0.id == exemption.id }
        let results = TenantEvaluator(tenant: without, policies: policies)
            .evaluate(at: at, published: published, only: Set(covered), threads: 1)
        let states = Dictionary(
            grouping: results.states.filter {
                $0.policyAssignmentId == exemption.policyAssignmentId
                    && exemption.covers(referenceId: $0.policyDefinitionReferenceId)
            }
        ) { $0.resourceId }
        if states.values.joined().contains(where: { $0.complianceState != .compliant }) { return false }
        return covered.allSatisfy { states[$0] != nil } ? true : nil
    }
}
