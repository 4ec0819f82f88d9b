import Defender
import Foundation
import JSONCore
import PolicyModel
import Testing

@Suite struct RegulatoryComplianceTests {
    typealias F = DefenderFixture
    static let set = ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policySetDefinitions/ciss")
    static let assignment = ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/ciss")

    static func tenant() throws -> Tenant {
        var builder = TenantBuilder()
        builder.addDefinitions(
            try JSONParser.parse(
                #"""
                [{"id": "\#(F.policyA.rawValue)", "type": "Microsoft.Authorization/policyDefinitions", "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}},
                 {"id": "\#(F.policyB.rawValue)", "type": "Microsoft.Authorization/policyDefinitions", "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}},
                 {"id": "\#(set.rawValue)", "type": "Microsoft.Authorization/policySetDefinitions",
                  "properties": {"displayName": "CISS", "metadata": {"ASC": "true"},
                   "policyDefinitionGroups": [{"name": "NS-1", "displayName": "Network"}, {"name": "DP-1"}, {"name": "IM-1"}],
                   "policyDefinitions": [
                    {"policyDefinitionId": "\#(F.policyA.rawValue)", "policyDefinitionReferenceId": "a", "groupNames": ["NS-1", "DP-1"]},
                    {"policyDefinitionId": "\#(F.policyB.rawValue)", "policyDefinitionReferenceId": "b", "groupNames": ["DP-1"]}]}}]
                """#), file: "definitions.json")
        builder.addAssignments(
            try JSONParser.parse(#"{"id": "\#(assignment.rawValue)", "properties": {"policyDefinitionId": "\#(set.rawValue)"}}"#),
            file: "assignment.json")
        return try builder.build()
    }

    func state(_ n: Int, _ reference: String, _ compliance: ComplianceState) -> PolicyState {
        var s = F.state(F.resource(n), reference == "a" ? F.policyA : F.policyB, compliance, assignment: Self.assignment)
        s.policyDefinitionReferenceId = reference
        return s
    }

    @Test func controlsPassFailOrSkipWithTheResourcesBehindThem() throws {
        let states = [state(1, "a", .compliant), state(2, "a", .compliant), state(2, "b", .nonCompliant), state(3, "b", .exempt)]
        let standard = try #require(RegulatoryCompliance.standards(tenant: try Self.tenant(), states: states).first)
        #expect(standard.displayName == "CISS")
        let byName = Dictionary(uniqueKeysWithValues: standard.controls.map { ($0.name, $0) })
        #expect(byName["NS-1"]?.state == .passed)
        #expect(byName["NS-1"]?.passedResources == [F.resource(1), F.resource(2)])
        #expect(byName["DP-1"]?.state == .failed)
        #expect(byName["DP-1"]?.failedResources == [F.resource(2)])
        #expect(byName["DP-1"]?.skippedResources == [F.resource(3)])
        #expect(byName["IM-1"]?.state == .skipped, "a control with no policies is skipped")
    }

    @Test func statesOfOtherAssignmentsDoNotCount() throws {
        let foreign = F.state(F.resource(1), F.policyA, .nonCompliant)
        let standard = try #require(RegulatoryCompliance.standards(tenant: try Self.tenant(), states: [foreign]).first)
        #expect(standard.controls.allSatisfy { $0.state == .skipped })
    }

    /// "Azure Policy compliance states" (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states):
    /// an initiative group rolls a resource up over its policies by NonCompliant > Compliant > Error > ...
    @Test func aControlRollsUpByTheDocumentedRank() throws {
        let states = [state(1, "a", .compliant), state(1, "b", .error), state(2, "b", .error), state(3, "b", .protected)]
        let standard = try #require(RegulatoryCompliance.standards(tenant: try Self.tenant(), states: states).first)
        let dp = try #require(standard.controls.first { $0.name == "DP-1" })
        #expect(dp.passedResources == [F.resource(1)])
        #expect(dp.failedResources == [F.resource(2)])
        #expect(dp.skippedResources == [F.resource(3)])
        #expect(dp.state == .failed)
    }
}

@Suite struct TeamScoreTests {
    typealias F = DefenderFixture

    @Test func eachTeamScoresWhatItOwns() throws {
        let catalog = try F.catalog()
        let storage = ResourceID("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1")
        var s = F.state(storage, F.policyA, .nonCompliant)
        s.resourceType = "microsoft.storage/storageaccounts"
        let states = [F.state(F.resource(1), F.policyA, .compliant), s]
        let assessments = Reconciler(catalog: catalog).assessments(DefenderInput(states: states, at: F.at))
        let ownership = Ownership(teams: [
            Ownership.Team(name: "IT Operations", resourceTypes: ["microsoft.compute/virtualmachines"], categories: []),
        ])
        let teams = ScoreCalculator(catalog: catalog).teamScores(assessments, ownership: ownership) {
            $0.resourceType?.lowercased() ?? ""
        }
        #expect(teams.map(\.team) == ["IT Operations", ScoreCalculator.unowned])
        #expect(teams[0].score.ratio == 1 && teams[0].unhealthyResources == 0)
        #expect(teams[1].score.ratio == 0 && teams[1].unhealthyResources == 1)
    }
}
