import PolicyModel

/// One row of the policy results as the lag report compares them: a state, or a pair whose policy
/// an assignment disabled.
struct PolicyEntry: Sendable {
    var resourceId: ResourceID
    var assignmentId: ResourceID
    var definitionId: ResourceID
    var setId: ResourceID?
    /// (resource, assignment, definition, reference), lower-cased: the row's identity across cycles.
    var identity: String
    /// What the row says: the compliance state with its exemption, or `Disabled`.
    var value: String
    var isDisabled: Bool { value == "Disabled" }
    var isExempt: Bool { value.hasPrefix(ComplianceState.exempt.rawValue) }

    /// The rows of one cycle's results.
    static func entries(_ results: PolicyResults) -> [PolicyEntry] {
        let states = results.states.map { s in
            PolicyEntry(
                resourceId: s.resourceId, assignmentId: s.policyAssignmentId, definitionId: s.policyDefinitionId,
                setId: s.policySetDefinitionId,
                identity: [
                    s.resourceId.key, s.policyAssignmentId.key, s.policyDefinitionId.key,
                    s.policyDefinitionReferenceId?.lowercased() ?? "",
                ]
                .joined(separator: "|"),
                value: s.complianceState.rawValue + (s.exemption.map { " " + $0.id.key } ?? ""))
        }
        let disabled = results.disabled.map { d in
            PolicyEntry(
                resourceId: d.resourceId, assignmentId: d.policyAssignmentId, definitionId: d.policyDefinitionId,
                setId: nil,
                identity: [d.resourceId.key, d.policyAssignmentId.key, d.policyDefinitionId.key, "disabled"].joined(
                    separator: "|"),
                value: "Disabled")
        }
        return states + disabled
    }
}
