import Foundation
import PolicyModel
import Testing

/// Roll-up and compliance percentage, per "Azure Policy compliance states"
/// (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states): rank NonCompliant >
/// Compliant > Error > Conflict > Protected > Exempt > Unknown; percentage (Compliant + Exempt + Unknown) /
/// (those + NonCompliant + Conflict + Error) over distinct resources; Protected is left out.
@Suite struct ComplianceSummaryTests {
    static func state(_ resource: Int, _ compliance: ComplianceState, assignment: String = "a") -> PolicyState {
        PolicyState(
            timestamp: Date(timeIntervalSince1970: 0),
            resourceId: ResourceID("/subscriptions/s1/resourceGroups/rg/providers/x/y/r\(resource)"),
            policyAssignmentId: ResourceID(
                "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/\(assignment)"),
            policyDefinitionId: ResourceID("/providers/Microsoft.Authorization/policyDefinitions/p"),
            policyDefinitionReferenceId: nil,
            policySetDefinitionId: nil, complianceState: compliance, policyDefinitionAction: "audit",
            subscriptionId: "s1",
            resourceType: "x/y", resourceLocation: nil, resourceGroup: "rg")
    }

    @Test func theDocumentedRank() {
        #expect(
            ComplianceState.allCases == [.nonCompliant, .compliant, .error, .conflict, .protected, .exempt, .unknown])
        #expect(ComplianceState.compliant < .error)
    }

    @Test func resourcesRollUpToTheirStrongestState() {
        // The docs' example: exempt from one policy, compliant to the other nine → Compliant.
        let states =
            [Self.state(1, .exempt)] + (0..<9).map { _ in Self.state(1, .compliant) }
            + [
                Self.state(2, .compliant), Self.state(2, .nonCompliant), Self.state(3, .error),
                Self.state(3, .compliant),
            ]
        let summary = ComplianceSummary(states: states)
        #expect(summary.resources.count == 3)
        #expect(summary.count(.compliant) == 2 && summary.count(.nonCompliant) == 1 && summary.count(.exempt) == 0)
    }

    @Test func percentageLeavesProtectedOutOfTheDenominator() {
        let states = [
            Self.state(1, .compliant), Self.state(2, .exempt), Self.state(3, .unknown), Self.state(4, .nonCompliant),
            Self.state(5, .conflict), Self.state(6, .error), Self.state(7, .protected), Self.state(8, .protected),
        ]
        let summary = ComplianceSummary(states: states)
        #expect(summary.compliantResources == 3 && summary.totalResources == 6)
        #expect(summary.ratio == 0.5)
        #expect(ComplianceSummary(states: [Self.state(1, .protected)]).ratio == nil)
    }
}
