import JSONCore
import PolicyModel

/// A regulatory compliance standard as Defender shows it: an assigned initiative whose
/// metadata says `"ASC": "true"`, its groups being the standard's controls.
package struct RegulatoryStandard: Sendable, Equatable {
    package var initiativeId: ResourceID
    /// The initiative's name, the standard's name in Defender's ids.
    package var name: String
    package var displayName: String
    package var assignmentIds: [ResourceID]
    package var controls: [RegulatoryControl]

    /// The controls per state: `passedControls`, `failedControls`, `skippedControls`, `unsupportedControls`.
    package var counts: RegulatoryCounts { RegulatoryCounts(controls.map(\.state)) }
    /// Aggregated from the controls' states (`RegulatoryState`).
    package var state: RegulatoryState { counts.state }
}

/// One control (policy group) of a standard: its assessments, and the resources behind its state.
package struct RegulatoryControl: Sendable, Equatable {
    package var name: String
    package var displayName: String?
    package var category: String?
    package var description: String?
    /// Reference ids of the initiative's policies in this control.
    package var policies: [String]
    /// One per distinct assessment the control's policies feed.
    package var assessments: [RegulatoryAssessment]
    /// Each resource's states over the control's policies roll up by Azure Policy's rank
    /// (NonCompliant > Compliant > Error > Conflict > Protected > Exempt > Unknown): passed when it rolls
    /// up to Compliant or Conflict.
    package var passedResources: [ResourceID]
    /// Resources that roll up to NonCompliant or Error.
    package var failedResources: [ResourceID]
    /// Resources that roll up to Protected, Exempt or Unknown.
    package var skippedResources: [ResourceID]

    /// The assessments per state, Unsupported ones included (the API prints the other three).
    package var counts: RegulatoryCounts { RegulatoryCounts(assessments.map(\.state)) }
    /// Aggregated from the assessments' states (`RegulatoryState`): Unsupported with no assessment.
    package var state: RegulatoryState { counts.state }
}

/// One assessment of a control: the policies of the control that feed the same Defender
/// assessment (or one policy without a recommendation), with the resources they judged.
package struct RegulatoryAssessment: Sendable, Equatable {
    /// The assessment's name in Defender's ids: the recommendation key the policy feeds, or a GUID
    /// derived from the policy definition id when it feeds none.
    package var name: String
    package var policyDefinitionId: ResourceID
    /// The Defender recommendation the policy feeds, if any.
    package var recommendationKey: String?
    /// The recommendation's display name, else the policy definition's.
    package var description: String?
    /// Reference ids, in the initiative, of the policies behind the assessment.
    package var referenceIds: [String]
    /// Each resource rolls up over the policies by Azure Policy's rank; then Compliant and Conflict pass,
    /// NonCompliant and Error fail, Protected and Exempt are skipped, and Unknown, or any state of a
    /// `manual` policy, is unsupported (no automated assessment).
    package var passedResources: [ResourceID]
    package var failedResources: [ResourceID]
    package var skippedResources: [ResourceID]
    package var unsupportedResources: [ResourceID]

    /// Aggregated from the resources: Unsupported when none is passed, failed or skipped.
    package var state: RegulatoryState {
        .aggregate(passed: passedResources.count, failed: failedResources.count, skipped: skippedResources.count)
    }
}

/// The standards Defender shows in one subscription, the scope of its regulatory compliance API.
package struct SubscriptionCompliance: Sendable, Equatable {
    package var subscriptionId: String
    package var standards: [RegulatoryStandard]
}

/// Regulatory compliance from policy states.
package enum RegulatoryCompliance {
    /// Every assigned standard of the tenant, from the states of its assignments, sorted by display name.
    package static func standards(
        tenant: Tenant, states: [PolicyState], catalog: RecommendationCatalog
    ) -> [RegulatoryStandard] {
        let bySet = Dictionary(grouping: tenant.assignments) { $0.policyDefinitionId }
        return tenant.policySetDefinitions.compactMap { set in
            guard set.isRegulatoryStandard, let assignments = bySet[set.id] else { return nil }
            return standard(set, tenant: tenant, assignments: assignments, states: states, catalog: catalog)
        }.sorted { $0.displayName < $1.displayName }
    }

    /// Per subscription (sorted by id), the standards assigned at, above or inside it, unless a
    /// `notScopes` entry excludes it, from the states of its own resources: what
    /// `regulatoryComplianceStandards` lists in that subscription.
    package static func bySubscription(
        tenant: Tenant, states: [PolicyState], catalog: RecommendationCatalog
    ) -> [SubscriptionCompliance] {
        let bySet = Dictionary(grouping: tenant.assignments) { $0.policyDefinitionId }
        let statesBySubscription = Dictionary(grouping: states) { $0.subscriptionId.lowercased() }
        let sets = tenant.policySetDefinitions.filter(\.isRegulatoryStandard)
        var result: [SubscriptionCompliance] = []
        let subscriptions = tenant.subscriptions.sorted {
            $0.subscriptionId.lowercased() < $1.subscriptionId.lowercased()
        }
        for subscription in subscriptions {
            let own = statesBySubscription[subscription.subscriptionId.lowercased()] ?? []
            let standards = sets.compactMap { set -> RegulatoryStandard? in
                let assignments = (bySet[set.id] ?? []).filter { assignment in
                    let excluded = assignment.notScopes.contains { tenant.isUnder(subscription.id, $0) }
                    let covers =
                        tenant.isUnder(subscription.id, assignment.scope)
                        || assignment.scope.isAtOrUnder(subscription.id)
                    return covers && !excluded
                }
                guard !assignments.isEmpty else { return nil }
                return standard(set, tenant: tenant, assignments: assignments, states: own, catalog: catalog)
            }.sorted { $0.displayName < $1.displayName }
            if !standards.isEmpty {
                result.append(SubscriptionCompliance(subscriptionId: subscription.subscriptionId, standards: standards))
            }
        }
        return result
    }

    private static func standard(
        _ set: PolicySetDefinition, tenant: Tenant, assignments: [PolicyAssignment], states: [PolicyState],
        catalog: RecommendationCatalog
    ) -> RegulatoryStandard {
        let assignmentKeys = Set(assignments.map(\.id))
        let byReference = Dictionary(grouping: states.filter { assignmentKeys.contains($0.policyAssignmentId) }) {
            $0.policyDefinitionReferenceId?.lowercased() ?? ""
        }
        let controls = set.groups.map { group in
            control(
                group, references: set.policyDefinitions.filter { $0.groupNames.contains(group.name) },
                states: byReference, tenant: tenant, catalog: catalog)
        }
        return RegulatoryStandard(
            initiativeId: set.id, name: set.name, displayName: set.displayName ?? set.name,
            assignmentIds: assignments.map(\.id).sorted(), controls: controls)
    }

    private static func control(
        _ group: PolicySetDefinition.Group, references: [PolicySetDefinition.Reference],
        states: [String: [PolicyState]], tenant: Tenant, catalog: RecommendationCatalog
    ) -> RegulatoryControl {
        let all = references.flatMap { states[$0.referenceId.lowercased()] ?? [] }
        var passed: [ResourceID] = []
        var failed: [ResourceID] = []
        var skipped: [ResourceID] = []
        for (resource, state) in strongest(all) {
            switch state.complianceState {
            case .nonCompliant, .error: failed.append(resource)
            case .compliant, .conflict: passed.append(resource)
            case .protected, .exempt, .unknown: skipped.append(resource)
            }
        }
        return RegulatoryControl(
            name: group.name, displayName: group.displayName, category: group.category, description: group.description,
            policies: references.map(\.referenceId),
            assessments: assessments(references, states: states, tenant: tenant, catalog: catalog),
            passedResources: passed.sorted(), failedResources: failed.sorted(), skippedResources: skipped.sorted())
    }

    /// The control's references grouped by the assessment they feed, in the initiative's order.
    private static func assessments(
        _ references: [PolicySetDefinition.Reference], states: [String: [PolicyState]], tenant: Tenant,
        catalog: RecommendationCatalog
    ) -> [RegulatoryAssessment] {
        // (name, recommendation key, references) in the initiative's order
        var groups: [(name: String, key: String?, members: [PolicySetDefinition.Reference])] = []
        for reference in references {
            let key = catalog.keys(forPolicy: reference.policyDefinitionId).min()
            let name = key ?? StableGUID.make(from: "regulatory-assessment|" + reference.policyDefinitionId.key)
            if let index = groups.firstIndex(where: { $0.name == name }) {
                groups[index].members.append(reference)
            } else {
                groups.append((name, key, [reference]))
            }
        }
        return groups.compactMap { group in
            guard let policy = group.members.first?.policyDefinitionId else { return nil }
            var resources: [RegulatoryState: [ResourceID]] = [:]
            for (resource, state) in strongest(group.members.flatMap { states[$0.referenceId.lowercased()] ?? [] }) {
                resources[resourceState(state), default: []].append(resource)
            }
            let sorted = { (state: RegulatoryState) in (resources[state] ?? []).sorted() }
            let description =
                group.key.flatMap { catalog[$0]?.displayName }
                ?? tenant.policyDefinition(policy)?.displayName
            return RegulatoryAssessment(
                name: group.name, policyDefinitionId: policy, recommendationKey: group.key, description: description,
                referenceIds: group.members.map(\.referenceId), passedResources: sorted(.passed),
                failedResources: sorted(.failed), skippedResources: sorted(.skipped),
                unsupportedResources: sorted(.unsupported))
        }
    }

    /// Each resource's strongest state by Azure Policy's documented rank ("Azure Policy compliance
    /// states", https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states).
    private static func strongest(_ states: [PolicyState]) -> [ResourceID: PolicyState] {
        var worst: [ResourceID: PolicyState] = [:]
        for state in states {
            if let current = worst[state.resourceId], current.complianceState <= state.complianceState { continue }
            worst[state.resourceId] = state
        }
        return worst
    }

    /// A resource's state in an assessment (`RegulatoryAssessment`).
    private static func resourceState(_ state: PolicyState) -> RegulatoryState {
        if state.policyDefinitionAction.equalsIgnoringASCIICase("manual") { return .unsupported }
        switch state.complianceState {
        case .nonCompliant, .error: return .failed
        case .compliant, .conflict: return .passed
        case .protected, .exempt: return .skipped
        case .unknown: return .unsupported
        }
    }
}
