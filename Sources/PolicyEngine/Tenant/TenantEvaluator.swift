import Dispatch
public import Foundation
import JSONCore
public import PolicyModel

/// Azure Policy's evaluation of a whole tenant at one instant: every assigned policy against
/// every resource it covers, giving policy states in `Microsoft.PolicyInsights/policyStates` terms.
///
/// Resources are the tenant's resources, resource groups and subscriptions. A policy covers a
/// resource when its assignment's scope holds it, no `notScope` does, and the assignment's
/// resource selectors select it; it then applies per the engine (mode, type/name/kind
/// conditions, the whole `if` for AuditIfNotExists). An active exemption turns the state into
/// `Exempt`. A policy its assignment sets to `Disabled` is not evaluated; the resources of the
/// types it names are reported as disabled pairs (Defender shows them `OffByPolicy`).
public struct TenantEvaluator: Sendable {
    public let tenant: Tenant
    public let policies: TenantPolicies
    private let exemptions: ExemptionIndex
    private let evaluated: [Resource]
    /// For each resource type of the tenant, the entries whose rule can apply to it.
    private let candidates: [String: [Int]]
    /// The tenant's resources indexed for AuditIfNotExists lookups, built once.
    private let related: InMemoryRelatedResources
    /// The lower-cased types AuditIfNotExists policies look up: the only ones worth indexing.
    private let relatedTypes: Set<String>
    /// For each entry, the position of its assignment among the entries' distinct assignments.
    private let assignmentSlots: [Int]
    private let assignmentCount: Int

    public init(tenant: Tenant, policies: TenantPolicies? = nil) {
        self.tenant = tenant
        self.policies = policies ?? TenantPolicies(tenant: tenant)
        exemptions = ExemptionIndex(tenant.exemptions)
        let subscriptions = tenant.subscriptions.map {
            Resource(id: $0.id, type: "Microsoft.Resources/subscriptions", json: $0.json)
        }
        // Sorted on keys read once: reading them through each resource at every comparison cost more than the sort.
        let subjects = tenant.resources + tenant.resourceGroups + subscriptions
        let keys = subjects.map(\.id.key)
        evaluated = keys.indices.sorted { keys[$0] < keys[$1] }.map { subjects[$0] }
        let entries = self.policies.entries
        var candidates: [String: [Int]] = [:]
        for type in Set(evaluated.map(\.typeKey)) {
            candidates[type] = entries.indices.filter { entries[$0].policy.mayApply(toType: type) }
        }
        self.candidates = candidates
        var slots: [ResourceID: Int] = [:]
        assignmentSlots = entries.map { entry in
            if let slot = slots[entry.assignment.id] { return slot }
            slots[entry.assignment.id] = slots.count
            return slots.count - 1
        }
        assignmentCount = slots.count
        relatedTypes = Set(entries.compactMap { $0.policy.details?.relatedType?.lowercased() })
        related = InMemoryRelatedResources(tenant.resources, types: relatedTypes)
    }

    /// The resources a cycle evaluates, sorted by id.
    public var resources: [Resource] { evaluated }

    /// Evaluates the tenant as it is, at `instant` (which `utcNow()` returns and exemption expiry
    /// is judged at). `published` are assessment resources Defender has published
    /// (`Microsoft.Security/assessments`), read by AuditIfNotExists policies. `only`, when given,
    /// limits the cycle to these resource ids (a change cycle). Runs on `threads` threads.
    public func evaluate(at instant: Date, published: [Resource] = [], only: Set<ResourceID>? = nil, threads: Int = 2)
        -> PolicyResults
    {
        let related = RelatedResourcePair(
            first: related, second: InMemoryRelatedResources(published, types: relatedTypes))
        let environment = EvaluationEnvironment(
            now: instant, tenantId: tenant.managementGroups.first { $0.parentId == nil }?.name,
            subscriptionNames: tenant.subscriptionNames,
            resourceGroups: Dictionary(tenant.resourceGroups.map { ($0.id.key, $0.json) }) { a, _ in a })
        let targets = only.map { keep in evaluated.filter { keep.contains($0.id) } } ?? evaluated
        // Eight chunks a thread balance the load; a thread count of any size (or below 1) cannot overflow.
        let chunks = max(1, min(max(1, min(threads, 4096)) * 8, targets.count))
        let parts = Slots<PolicyResults>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (targets.count * chunk / chunks)..<(targets.count * (chunk + 1) / chunks)
            var part = PolicyResults(states: [])
            for resource in targets[range] {
                evaluate(resource, at: instant, related: related, environment: environment, into: &part)
            }
            // A part's arrays grew by doubling: it keeps exactly its rows until they are joined.
            parts.set(chunk, PolicyResults(states: Self.exact(part.states), disabled: Self.exact(part.disabled)))
        }
        // Joined into arrays of the final size, each part released once copied: growing one array copied
        // every state several times over, and holding every part to the end held every state twice.
        var results = parts.take()
        var states: [PolicyState] = []
        states.reserveCapacity(results.reduce(0) { $0 + $1.states.count })
        var disabled: [DisabledPolicy] = []
        disabled.reserveCapacity(results.reduce(0) { $0 + $1.disabled.count })
        for i in results.indices {
            states += results[i].states
            disabled += results[i].disabled
            results[i] = PolicyResults(states: [])
        }
        return PolicyResults(states: states, disabled: disabled)
    }

    /// `elements` in an array of exactly their count.
    private static func exact<Element>(_ elements: [Element]) -> [Element] {
        guard elements.capacity > elements.count else { return elements }
        var copy: [Element] = []
        copy.reserveCapacity(elements.count)
        copy += elements
        return copy
    }

    private func evaluate(
        _ resource: Resource, at instant: Date, related: RelatedResourcePair, environment: EvaluationEnvironment,
        into results: inout PolicyResults
    ) {
        guard let indices = candidates[resource.typeKey], !indices.isEmpty else { return }
        let resource = resource.expanded  // its row parsed once for every policy, dropped after
        // Whether each assignment covers the resource, asked once: 0 unknown, 1 no, 2 yes.
        var covered = [UInt8](repeating: 0, count: assignmentCount)
        var nearby: [Int]?  // the exemptions at the resource's scopes, found when a state needs them
        for index in indices {
            let entry = policies.entries[index]
            let slot = assignmentSlots[index]
            if covered[slot] == 0 { covered[slot] = entry.assignment.covers(resource, isUnder: tenant.isUnder) ? 2 : 1 }
            guard covered[slot] == 2 else { continue }
            if entry.policy.effect == .disabled {
                if entry.policy.applicableTypes != nil {
                    results.disabled.append(
                        DisabledPolicy(
                            resourceId: resource.id, subscriptionId: resource.subscriptionId ?? "",
                            policyAssignmentId: entry.assignment.id, policyDefinitionId: entry.definitionId))
                }
                continue
            }
            let result = entry.policy.evaluate(resource, related: related, environment: environment, reasons: .never)
            guard result.applicable, var compliance = result.complianceState else { continue }
            var exemptionReference: PolicyState.ExemptionReference?
            if !exemptions.isEmpty, nearby == nil {
                nearby = exemptions.candidates(at: tenant.scopes(containing: resource.id))
            }
            if let nearby, !nearby.isEmpty,
                let exemption = exemptions.exemption(
                    among: nearby, for: resource, assignment: entry.assignment.id, referenceId: entry.referenceId,
                    at: instant)
            {
                compliance = .exempt
                exemptionReference = PolicyState.ExemptionReference(id: exemption.id, category: exemption.category)
            }
            results.states.append(
                PolicyState(
                    timestamp: instant, resourceId: resource.id, policyAssignmentId: entry.assignment.id,
                    policyDefinitionId: entry.definitionId, policyDefinitionReferenceId: entry.referenceId,
                    policySetDefinitionId: entry.setId, complianceState: compliance,
                    policyDefinitionAction: entry.action,
                    subscriptionId: resource.subscriptionId ?? "", resourceType: resource.type,
                    resourceLocation: resource.location,
                    resourceGroup: resource.resourceGroup, policyDefinitionGroupNames: entry.groupNames,
                    exemption: exemptionReference))
        }
    }
}

/// The tenant's resources and the assessments published for this cycle, looked up together.
struct RelatedResourcePair: RelatedResources {
    let first: InMemoryRelatedResources
    let second: InMemoryRelatedResources

    func resources(
        ofType type: String, near resource: Resource, scope: ExistenceScope, resourceGroupName: String?, name: String?
    ) -> [Resource] {
        first.resources(ofType: type, near: resource, scope: scope, resourceGroupName: resourceGroupName, name: name)
            + second.resources(
                ofType: type, near: resource, scope: scope, resourceGroupName: resourceGroupName, name: name)
    }
}
