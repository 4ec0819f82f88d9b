import PolicyModel

/// A regulatory compliance standard as Defender shows it: an assigned initiative whose
/// metadata says `"ASC": "true"`, its groups being the standard's controls.
public struct RegulatoryStandard: Sendable, Equatable {
    public var initiativeId: ResourceID
    public var displayName: String
    public var assignmentIds: [ResourceID]
    public var controls: [RegulatoryControl]
}

/// One control (policy group) of a standard, with the resources behind its state.
public struct RegulatoryControl: Sendable, Equatable {
    /// Each resource's states over the control's policies roll up by Azure Policy's rank
    /// (NonCompliant > Compliant > Error > Conflict > Protected > Exempt > Unknown). Failed: some
    /// resource rolls up to NonCompliant or Error. Passed: resources were assessed and none failed.
    /// Skipped: nothing assessed, or every resource rolls up to Protected, Exempt or Unknown.
    public enum State: String, Sendable, Equatable {
        case passed = "Passed"
        case failed = "Failed"
        case skipped = "Skipped"
    }

    public var name: String
    public var displayName: String?
    public var category: String?
    public var state: State
    /// Reference ids of the initiative's policies in this control.
    public var policies: [String]
    /// Resources compliant with every policy of the control that assessed them.
    public var passedResources: [ResourceID]
    /// Resources that roll up to NonCompliant or Error.
    public var failedResources: [ResourceID]
    /// Resources only exempt or unknown for its policies.
    public var skippedResources: [ResourceID]
}

/// Regulatory compliance from policy states.
public enum RegulatoryCompliance {
    /// Every assigned standard of the tenant, from the states of its assignments, sorted by name.
    public static func standards(tenant: Tenant, states: [PolicyState]) -> [RegulatoryStandard] {
        let bySet = Dictionary(grouping: tenant.assignments) { $0.policyDefinitionId }
        var result: [RegulatoryStandard] = []
        for set in tenant.policySetDefinitions where set.isRegulatoryStandard {
            guard let assignments = bySet[set.id] else { continue }
            let assignmentKeys = Set(assignments.map(\.id))
            let own = states.filter { assignmentKeys.contains($0.policyAssignmentId) }
            let byReference = Dictionary(grouping: own) { $0.policyDefinitionReferenceId?.lowercased() ?? "" }
            let controls = set.groups.map { group in
                control(group, references: set.policyDefinitions.filter { $0.groupNames.contains(group.name) }, states: byReference)
            }
            result.append(RegulatoryStandard(
                initiativeId: set.id, displayName: set.displayName ?? set.name, assignmentIds: assignments.map(\.id).sorted(),
                controls: controls))
        }
        return result.sorted { $0.displayName < $1.displayName }
    }

    private static func control(
        _ group: PolicySetDefinition.Group, references: [PolicySetDefinition.Reference], states: [String: [PolicyState]]
    ) -> RegulatoryControl {
        // resource → strongest state over the control's policies
        var worst: [ResourceID: ComplianceState] = [:]
        for reference in references {
            for state in states[reference.referenceId.lowercased()] ?? [] {
                // An initiative group rolls up by Azure Policy's documented rank ("Azure Policy compliance states").
                if let current = worst[state.resourceId], current <= state.complianceState { continue }
                worst[state.resourceId] = state.complianceState
            }
        }
        var passed: [ResourceID] = []
        var failed: [ResourceID] = []
        var skipped: [ResourceID] = []
        for (resource, state) in worst {
            switch state {
            case .nonCompliant, .error: failed.append(resource)
            case .compliant, .conflict: passed.append(resource)
            case .protected, .exempt, .unknown: skipped.append(resource)
            }
        }
        let state: RegulatoryControl.State = !failed.isEmpty ? .failed : passed.isEmpty ? .skipped : .passed
        return RegulatoryControl(
            name: group.name, displayName: group.displayName, category: group.category, state: state,
            policies: references.map(\.referenceId), passedResources: passed.sorted(), failedResources: failed.sorted(),
            skippedResources: skipped.sorted())
    }
}
