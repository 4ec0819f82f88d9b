import Foundation
import JSONCore
import PolicyModel

/// Prints policy states: a table for people, Azure's `policyStates` query result or CSV for tools.
struct StateOutput {
    let states: [PolicyState]
    let tenant: Tenant

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            let rows = states.map { $0.json(managementGroupIds: tenant.managementGroupAncestors(ofSubscription: $0.subscriptionId)) }
            return JSONWriter().string([
                "@odata.context": "https://management.azure.com/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest",
                "@odata.count": .number(Double(rows.count)), "value": .array(rows),
            ])
        case .csv:
            var csv = CSVWriter([
                "timestamp", "resourceId", "policyAssignmentId", "policyDefinitionId", "policyDefinitionReferenceId",
                "complianceState", "policyDefinitionAction", "subscriptionId", "resourceType", "resourceLocation",
                "resourceGroup", "exemptionId", "exemptionCategory",
            ])
            for s in states {
                csv.append([
                    ISO8601.format(s.timestamp), s.resourceId.rawValue, s.policyAssignmentId.rawValue,
                    s.policyDefinitionId.rawValue, s.policyDefinitionReferenceId ?? "", s.complianceState.rawValue,
                    s.policyDefinitionAction, s.subscriptionId, s.resourceType, s.resourceLocation ?? "", s.resourceGroup ?? "",
                    s.exemption?.id.rawValue ?? "", s.exemption?.category.rawValue ?? "",
                ])
            }
            return csv.text
        case .table:
            var table = TextTable(["resource", "assignment", "policy", "state", "effect"])
            for s in states {
                table.append([
                    s.resourceId.name, s.policyAssignmentId.name, s.policyDefinitionReferenceId ?? s.policyDefinitionId.name,
                    s.complianceState.rawValue + (s.exemption.map { " (\($0.category.rawValue))" } ?? ""), s.policyDefinitionAction,
                ])
            }
            let counts = ComplianceState.allCases.compactMap { c -> String? in
                let n = states.filter { $0.complianceState == c }.count
                return n > 0 ? "\(n) \(c.rawValue)" : nil
            }
            return table.render() + "\n\n\(states.count) states: " + counts.joined(separator: ", ")
        }
    }
}
