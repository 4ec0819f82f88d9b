import Foundation
import JSONCore
import PolicyEngine
import PolicyModel
import TenantIO
import TestSupport
import Testing

@testable import PostureCLI

/// `posture states` writes its rows as bytes; the text must stay what the value-tree writers
/// (`JSONWriter` over `PolicyState.json`, `CSVWriter`, `TextTable`) print.
@Suite struct StateOutputTests {
    static func demoStates() throws -> (Tenant, [PolicyState]) {
        let tenant = try TenantDirectory(TestPaths.fixtures.appendingPathComponent("demo-tenant").path).load()
        var states = TenantEvaluator(tenant: tenant).evaluate(at: ISO8601.parse("2026-11-20T00:00:00Z")!).states
        // Cells that need CSV quoting, JSON escapes and a non-ASCII name (table width in characters).
        states.append(
            PolicyState(
                timestamp: ISO8601.parse("2026-11-20T00:00:00.250Z")!,
                resourceId: ResourceID("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/café"),
                policyAssignmentId: ResourceID(
                    "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a"),
                policyDefinitionId: ResourceID("/providers/Microsoft.Authorization/policyDefinitions/d"),
                policyDefinitionReferenceId: "ref, \"quoted\"\nline\u{1}", policySetDefinitionId: nil,
                complianceState: .exempt,
                policyDefinitionAction: "audit", subscriptionId: "s1", resourceType: "Microsoft.Web/sites",
                resourceLocation: nil, resourceGroup: "rg", policyDefinitionGroupNames: ["g1", "g2"],
                exemption: .init(
                    id: ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/e"),
                    category: .mitigated)))
        return (tenant, states)
    }

    @Test func jsonIsTheWriterText() throws {
        let (tenant, states) = try Self.demoStates()
        let rows = states.map {
            $0.json(managementGroupIds: tenant.managementGroupAncestors(ofSubscription: $0.subscriptionId))
        }
        let expected = JSONWriter().string([
            "@odata.context":
                "https://management.azure.com/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest",
            "@odata.count": .number(Double(rows.count)), "value": .array(rows),
        ])
        #expect(StateOutput(states: states, tenant: tenant).render(.json) == expected)
        let empty = JSONWriter().string([
            "@odata.context":
                "https://management.azure.com/providers/Microsoft.PolicyInsights/policyStates/$metadata#latest",
            "@odata.count": 0, "value": [],
        ])
        #expect(StateOutput(states: [], tenant: tenant).render(.json) == empty)
    }

    @Test func csvIsTheWriterText() throws {
        let (tenant, states) = try Self.demoStates()
        var csv = CSVWriter(StateOutput.csvHeader)
        for s in states {
            csv.append([
                ISO8601.format(s.timestamp), s.resourceId.rawValue, s.policyAssignmentId.rawValue,
                s.policyDefinitionId.rawValue, s.policyDefinitionReferenceId ?? "", s.complianceState.rawValue,
                s.policyDefinitionAction, s.subscriptionId, s.resourceType, s.resourceLocation ?? "",
                s.resourceGroup ?? "",
                s.exemption?.id.rawValue ?? "", s.exemption?.category.rawValue ?? "",
            ])
        }
        #expect(StateOutput(states: states, tenant: tenant).render(.csv) == csv.text)
    }

    @Test func tableIsTheTextTable() throws {
        let (tenant, states) = try Self.demoStates()
        var table = TextTable(["resource", "assignment", "policy", "state", "effect"])
        for s in states {
            table.append([
                s.resourceId.name, s.policyAssignmentId.name,
                s.policyDefinitionReferenceId ?? s.policyDefinitionId.name,
                s.complianceState.rawValue + (s.exemption.map { " (\($0.category.rawValue))" } ?? ""),
                s.policyDefinitionAction,
            ])
        }
        let counts = ComplianceState.allCases.compactMap { c -> String? in
            let n = states.filter { $0.complianceState == c }.count
            return n > 0 ? "\(n) \(c.rawValue)" : nil
        }
        let expected = table.render() + "\n\n\(states.count) states: " + counts.joined(separator: ", ")
        #expect(StateOutput(states: states, tenant: tenant).render(.table) == expected)
    }
}
