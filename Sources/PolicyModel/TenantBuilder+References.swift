import JSONCore

extension TenantBuilder {
    /// Checks every reference between objects: assignments to definitions, initiatives to
    /// their members, exemptions to assignments, reference ids and scopes, resources to
    /// their subscriptions. An exemption whose assignment is gone is kept, as Azure keeps it: it exempts
    /// nothing, and history queries call it `orphaned`.
    func checkReferences(in tenant: Tenant) {
        for set in tenant.policySetDefinitions {
            for (i, member) in set.policyDefinitions.enumerated()
            where tenant.policyDefinition(member.policyDefinitionId) == nil {
                report(
                    set.id, ["properties", "policyDefinitions", .index(i), "policyDefinitionId"],
                    "unknown policy definition '\(member.policyDefinitionId.rawValue)': add its JSON under definitions/"
                )
            }
        }
        for assignment in tenant.assignments {
            let target = assignment.policyDefinitionId
            guard
                let declared = tenant.policyDefinition(target)?.parameters
                    ?? tenant.policySetDefinition(target)?.parameters
            else {
                report(
                    assignment.id, ["properties", "policyDefinitionId"],
                    "unknown policy definition or initiative '\(target.rawValue)': add its JSON under definitions/")
                continue
            }
            checkParameters(of: assignment, declared: declared)
        }
        for exemption in tenant.exemptions { check(exemption, in: tenant) }
        let subscriptions = Set(tenant.subscriptions.map { $0.subscriptionId.lowercased() })
        guard !subscriptions.isEmpty else { return }
        for resource in tenant.resources + tenant.resourceGroups {
            if let s = resource.id.subscriptionId, !subscriptions.contains(s.lowercased()) {
                report(resource.id, ["id"], "subscription '\(s)' is not in resourcecontainers.json")
            }
        }
    }

    /// Azure refuses an assignment whose parameter values do not fit what the assigned definition
    /// declares: an undeclared name, a value of another type, or one outside `allowedValues`.
    private func checkParameters(of assignment: PolicyAssignment, declared: [ParameterDefinition]) {
        let byName = Dictionary(declared.map { ($0.name.lowercased(), $0) }) { first, _ in first }
        for (name, value) in assignment.parameters.sorted(by: { $0.key < $1.key }) {
            let path: [JSONPath.Component] = ["properties", "parameters", .key(name)]
            guard let definition = byName[name.lowercased()] else {
                report(assignment.id, path, "parameter '\(name)' is not declared by the assigned definition")
                continue
            }
            // A template expression is resolved before Azure sees the value: only literal values are checked.
            if let text = value.stringValue, text.hasPrefix("["), !text.hasPrefix("[[") { continue }
            if let problem = definition.problem(with: value) { report(assignment.id, path + ["value"], problem) }
        }
    }

    private func check(_ exemption: PolicyExemption, in tenant: Tenant) {
        guard let assignment = tenant.assignment(exemption.policyAssignmentId) else { return }
        let referenceKey =
            exemption.json["properties"]?["policyDefinitionReferenceIds"] != nil
            ? "policyDefinitionReferenceIds" : "policyDefinitionReferenceId"
        if let set = tenant.policySetDefinition(assignment.policyDefinitionId) {
            for (i, referenceId) in exemption.policyDefinitionReferenceIds.enumerated()
            where set.reference(referenceId) == nil {
                report(
                    exemption.id, ["properties", .key(referenceKey), .index(i)],
                    "reference id '\(referenceId)' is not in initiative '\(set.name)' assigned by '\(assignment.name)'")
            }
        } else if !exemption.policyDefinitionReferenceIds.isEmpty,
            tenant.policyDefinition(assignment.policyDefinitionId) != nil
        {
            report(
                exemption.id, ["properties", .key(referenceKey)],
                "assignment '\(assignment.name)' assigns a single definition; reference ids apply only to initiatives")
        }
        if exemption.assignmentScopeValidation == .default, !tenant.isUnder(exemption.scope, assignment.scope) {
            report(
                exemption.id, ["properties", "policyAssignmentId"],
                "exemption scope '\(exemption.scope.rawValue)' is not at or under the assignment scope '\(assignment.scope.rawValue)' (set assignmentScopeValidation to DoNotValidate to allow it)"
            )
        }
    }

    /// Reports a problem at a path inside the object with this id.
    private func report(_ id: ResourceID, _ components: [JSONPath.Component], _ message: String) {
        let origin = origins[id] ?? Origin(file: "?", path: .root)
        log.report(origin.file, origin.path.appending(components), message)
    }
}
