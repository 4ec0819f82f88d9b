import Defender
import Foundation
import JSONCore
import PolicyModel
import Testing

/// Regulatory compliance from policy states: the per-resource detail and the states of Defender's API
/// (`Microsoft.Security` 2019-01-01-preview `regulatoryCompliance.json`, whose enum descriptions give the
/// aggregation; "Regulatory Compliance Assessments - Get",
/// https://learn.microsoft.com/rest/api/defenderforcloud-composite/regulatory-compliance-assessments/get).
@Suite struct RegulatoryComplianceTests {
    typealias F = DefenderFixture
    static let set = ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policySetDefinitions/ciss")
    static let assignment = ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/ciss")

    /// Policies a and b feed recommendations keyA and keyB; policy m is manual and feeds none.
    static func tenant(assignmentScope: String = "/subscriptions/s1", notScopes: [String] = []) throws -> Tenant {
        var builder = TenantBuilder()
        builder.addResourceContainers(
            try JSONParser.parse(
                #"""
                {"data": [
                 {"id": "/providers/Microsoft.Management/managementGroups/root", "type": "microsoft.management/managementgroups", "name": "root", "properties": {"details": {"parent": {"id": null}}}},
                 {"id": "/subscriptions/s1", "type": "microsoft.resources/subscriptions", "name": "prod", "subscriptionId": "s1", "properties": {"managementGroupAncestorsChain": [{"name": "root"}]}},
                 {"id": "/subscriptions/s2", "type": "microsoft.resources/subscriptions", "name": "dev", "subscriptionId": "s2", "properties": {"managementGroupAncestorsChain": [{"name": "root"}]}}
                ]}
                """#), file: "resourcecontainers.json")
        builder.addDefinitions(
            try JSONParser.parse(
                #"""
                [{"id": "\#(F.policyA.rawValue)", "type": "Microsoft.Authorization/policyDefinitions", "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}},
                 {"id": "\#(F.policyB.rawValue)", "type": "Microsoft.Authorization/policyDefinitions", "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}},
                 {"id": "\#(manual.rawValue)", "type": "Microsoft.Authorization/policyDefinitions", "properties": {"displayName": "Review access yearly", "mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "manual"}}}},
                 {"id": "\#(set.rawValue)", "type": "Microsoft.Authorization/policySetDefinitions",
                  "properties": {"displayName": "CISS", "metadata": {"ASC": "true"},
                   "policyDefinitionGroups": [{"name": "NS-1", "displayName": "Network"}, {"name": "DP-1"}, {"name": "IM-1"}, {"name": "AC/1"}],
                   "policyDefinitions": [
                    {"policyDefinitionId": "\#(F.policyA.rawValue)", "policyDefinitionReferenceId": "a", "groupNames": ["NS-1", "DP-1"]},
                    {"policyDefinitionId": "\#(F.policyB.rawValue)", "policyDefinitionReferenceId": "b", "groupNames": ["DP-1"]},
                    {"policyDefinitionId": "\#(manual.rawValue)", "policyDefinitionReferenceId": "m", "groupNames": ["AC/1"]}]}}]
                """#), file: "definitions.json")
        builder.addRecommendations(
            try JSONParser.parse(
                #"""
                [{"name": "\#(F.keyA)", "properties": {"displayName": "Rec A", "severity": "High", "assessmentType": "BuiltIn", "policyDefinitionId": "\#(F.policyA.rawValue)"}},
                 {"name": "\#(F.keyB)", "properties": {"displayName": "Rec B", "severity": "High", "assessmentType": "BuiltIn", "policyDefinitionId": "\#(F.policyB.rawValue)"}}]
                """#), file: "recommendations.json")
        let excluded = notScopes.map { "\"\($0)\"" }.joined(separator: ", ")
        builder.addAssignments(
            try JSONParser.parse(
                #"{"id": "\#(assignment.rawValue)", "properties": {"scope": "\#(assignmentScope)", "notScopes": [\#(excluded)], "policyDefinitionId": "\#(set.rawValue)"}}"#
            ),
            file: "assignment.json")
        return try builder.build()
    }

    static let manual = ResourceID("/providers/Microsoft.Authorization/policyDefinitions/m")

    func state(
        _ n: Int, _ reference: String, _ compliance: ComplianceState, subscription: String = "s1"
    ) -> PolicyState {
        let policy = reference == "a" ? F.policyA : reference == "b" ? F.policyB : Self.manual
        var s = F.state(F.resource(n, subscription: subscription), policy, compliance, assignment: Self.assignment)
        s.policyDefinitionReferenceId = reference
        if reference == "m" { s.policyDefinitionAction = "manual" }
        return s
    }

    func standard(_ states: [PolicyState]) throws -> RegulatoryStandard {
        let tenant = try Self.tenant()
        return try #require(
            RegulatoryCompliance.standards(
                tenant: tenant, states: states, catalog: RecommendationCatalog(tenant: tenant)
            ).first)
    }

    @Test func controlsPassFailOrSkipWithTheResourcesBehindThem() throws {
        let states = [
            state(1, "a", .compliant), state(2, "a", .compliant), state(2, "b", .nonCompliant), state(3, "b", .exempt),
        ]
        let standard = try standard(states)
        #expect(standard.displayName == "CISS" && standard.name == "ciss")
        let byName = Dictionary(uniqueKeysWithValues: standard.controls.map { ($0.name, $0) })
        #expect(byName["NS-1"]?.state == .passed)
        #expect(byName["NS-1"]?.passedResources == [F.resource(1), F.resource(2)])
        #expect(byName["DP-1"]?.state == .failed)
        #expect(byName["DP-1"]?.failedResources == [F.resource(2)])
        #expect(byName["DP-1"]?.skippedResources == [F.resource(3)])
        #expect(byName["IM-1"]?.state == .unsupported, "a control with no assessment has no supported data")
        #expect(byName["IM-1"]?.assessments.isEmpty == true)
        #expect(standard.state == .failed)
    }

    @Test func statesOfOtherAssignmentsDoNotCount() throws {
        let foreign = F.state(F.resource(1), F.policyA, .nonCompliant)
        #expect(try standard([foreign]).controls.allSatisfy { $0.state == .unsupported })
    }

    /// "Azure Policy compliance states"
    /// (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states): an initiative group rolls a resource up over its policies by NonCompliant > Compliant > Error > ...
    @Test func aControlRollsUpByTheDocumentedRank() throws {
        let states = [
            state(1, "a", .compliant), state(1, "b", .error), state(2, "b", .error), state(3, "b", .protected),
        ]
        let dp = try #require(try standard(states).controls.first { $0.name == "DP-1" })
        #expect(dp.passedResources == [F.resource(1)])
        #expect(dp.failedResources == [F.resource(2)])
        #expect(dp.skippedResources == [F.resource(3)])
        #expect(dp.state == .failed)
    }

    /// One case per assessment state: what its resources' policy states make it.
    @Test(arguments: [
        ([ComplianceState.compliant, .compliant], RegulatoryState.passed),
        ([.conflict], .passed),
        ([.compliant, .nonCompliant], .failed),
        ([.error, .exempt], .failed),
        ([.exempt, .protected], .skipped),
        ([.compliant, .exempt], .passed),
        ([.unknown], .unsupported),
        ([], .unsupported),
    ])
    func anAssessmentsStateComesFromItsResources(_ compliance: [ComplianceState], _ expected: RegulatoryState) throws {
        let states = compliance.enumerated().map { state($0.offset + 1, "a", $0.element) }
        let ns = try #require(try standard(states).controls.first { $0.name == "NS-1" })
        let assessment = try #require(ns.assessments.first)
        #expect(assessment.state == expected)
        #expect(ns.state == expected, "a control of one assessment takes its state")
    }

    @Test func aManualPolicyIsUnsupportedWhateverItsDefaultState() throws {
        let standard = try standard([state(1, "m", .compliant), state(2, "m", .unknown)])
        let ac = try #require(standard.controls.first { $0.name == "AC/1" })
        #expect(ac.assessments.map(\.state) == [.unsupported])
        #expect(ac.assessments.first?.unsupportedResources == [F.resource(1), F.resource(2)])
        #expect(ac.state == .unsupported)
        #expect(ac.assessments.first?.description == "Review access yearly")
    }

    /// The aggregation of every level, one case per state (a supported member decides; Unsupported ones do not).
    @Test(arguments: [
        ([RegulatoryState.passed, .skipped, .unsupported], RegulatoryState.passed),
        ([.passed, .failed], .failed),
        ([.skipped, .skipped, .unsupported], .skipped),
        ([.unsupported], .unsupported),
        ([], .unsupported),
    ])
    func aParentAggregatesItsMembers(_ members: [RegulatoryState], _ expected: RegulatoryState) {
        let counts = RegulatoryCounts(members)
        #expect(counts.state == expected)
        #expect(counts.total == members.count)
    }

    @Test func policiesFeedingOneRecommendationAreOneAssessmentNamedByItsKey() throws {
        let dp = try #require(
            try standard([state(1, "a", .compliant), state(2, "b", .nonCompliant)]).controls.first {
                $0.name == "DP-1"
            })
        #expect(dp.assessments.map(\.name) == [F.keyA, F.keyB])
        #expect(dp.assessments.map(\.description) == ["Rec A", "Rec B"])
        #expect(dp.counts.passed == 1 && dp.counts.failed == 1)
    }

    @Test func eachSubscriptionSeesItsOwnResourcesUnderAManagementGroupAssignment() throws {
        let tenant = try Self.tenant(assignmentScope: "/providers/Microsoft.Management/managementGroups/root")
        let states = [state(1, "a", .compliant), state(2, "a", .nonCompliant, subscription: "s2")]
        let bySubscription = RegulatoryCompliance.bySubscription(
            tenant: tenant, states: states, catalog: RecommendationCatalog(tenant: tenant))
        #expect(bySubscription.map(\.subscriptionId) == ["s1", "s2"])
        #expect(bySubscription.map { $0.standards.first?.state } == [.passed, .failed])
    }

    @Test func aSubscriptionOutsideEveryAssignmentListsNoStandard() throws {
        let tenant = try Self.tenant(assignmentScope: "/subscriptions/s2/resourceGroups/rg")
        let bySubscription = RegulatoryCompliance.bySubscription(
            tenant: tenant, states: [], catalog: RecommendationCatalog(tenant: tenant))
        #expect(bySubscription.map(\.subscriptionId) == ["s2"], "an assignment inside a subscription shows in it")
    }

    @Test func aSubscriptionInTheAssignmentsNotScopesListsNoStandard() throws {
        let tenant = try Self.tenant(
            assignmentScope: "/providers/Microsoft.Management/managementGroups/root", notScopes: ["/subscriptions/s2"])
        let bySubscription = RegulatoryCompliance.bySubscription(
            tenant: tenant, states: [], catalog: RecommendationCatalog(tenant: tenant))
        #expect(bySubscription.map(\.subscriptionId) == ["s1"])
    }

    @Test func theAPIShapesCarryIdsTypesNamesAndCounts() throws {
        let tenant = try Self.tenant()
        let catalog = RecommendationCatalog(tenant: tenant)
        let states = [state(1, "a", .compliant), state(2, "b", .nonCompliant), state(3, "b", .exempt)]
        let lists = AzureShapes(catalog: catalog).regulatoryCompliance(
            RegulatoryCompliance.bySubscription(tenant: tenant, states: states, catalog: catalog))
        let standardId = "/subscriptions/s1/providers/Microsoft.Security/regulatoryComplianceStandards/ciss"
        #expect(lists.standards.map { $0["id"]?.stringValue } == [standardId])
        #expect(lists.standards.first?["type"]?.stringValue == "Microsoft.Security/regulatoryComplianceStandard")
        let properties = try #require(lists.standards.first?["properties"])
        #expect(properties["state"]?.stringValue == "Failed")
        let counts = ["passedControls", "failedControls", "skippedControls", "unsupportedControls"].map {
            properties[$0]?.numberValue
        }
        #expect(counts == [1, 1, 0, 2])
        let controlIds = lists.controls.compactMap { $0["id"]?.stringValue }
        #expect(controlIds.last == standardId + "/regulatoryComplianceControls/AC%2F1")
        let dp = try #require(lists.assessments.first { $0["name"]?.stringValue == F.keyB })
        let dpId = standardId + "/regulatoryComplianceControls/DP-1/regulatoryComplianceAssessments/" + F.keyB
        #expect(dp["id"]?.stringValue == dpId)
        #expect(dp["type"]?.stringValue == "Microsoft.Security/regulatoryComplianceAssessment")
        #expect(dp["properties"]?["failedResources"]?.numberValue == 1)
        #expect(dp["properties"]?["skippedResources"]?.numberValue == 1)
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
            Ownership.Team(name: "IT Operations", resourceTypes: ["microsoft.compute/virtualmachines"], categories: [])
        ])
        let teams = ScoreCalculator(catalog: catalog).teamScores(assessments, ownership: ownership) {
            $0.resourceType?.lowercased() ?? ""
        }
        #expect(teams.map(\.team) == ["IT Operations", ScoreCalculator.unowned])
        #expect(teams[0].score.ratio == 1 && teams[0].unhealthyResources == 0)
        #expect(teams[1].score.ratio == 0 && teams[1].unhealthyResources == 1)
    }
}
