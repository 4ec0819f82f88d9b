import Defender
import Foundation
import JSONCore
import PolicyModel

/// A small catalog and helpers to build states and assessments for Defender tests.
enum DefenderFixture {
    static let at = ISO8601.parse("2026-11-10T10:00:00Z")!
    static let policyA = ResourceID("/providers/Microsoft.Authorization/policyDefinitions/a")
    static let policyB = ResourceID("/providers/Microsoft.Authorization/policyDefinitions/b")
    static let customPolicy = ResourceID("/providers/Microsoft.Authorization/policyDefinitions/custom")
    static let assignment = ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/mcsb")
    static let other = ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/other")
    static let keyA = "00000000-0000-0000-0000-00000000000a"
    static let keyB = "00000000-0000-0000-0000-00000000000b"
    static let nativeKey = "00000000-0000-0000-0000-0000000000ee"
    static let control = "c0000000-0000-0000-0000-000000000001"

    /// Recommendations a (policy a) and b (policy b) and a native one, all in one control worth `max`.
    static func catalog(max: Double = 6, custom: Bool = false) throws -> RecommendationCatalog {
        var builder = TenantBuilder()
        func rec(_ key: String, _ policy: ResourceID?) -> String {
            let policyMember = policy.map { ", \"policyDefinitionId\": \"\($0.rawValue)\"" } ?? ""
            return
                #"{"name": "\#(key)", "properties": {"displayName": "Rec \#(key.suffix(2))", "severity": "High", "assessmentType": "BuiltIn"\#(policyMember)}}"#
        }
        builder.addRecommendations(
            try JSONParser.parse("[\(rec(keyA, policyA)), \(rec(keyB, policyB)), \(rec(nativeKey, nil))]"),
            file: "recommendations.json")
        builder.addControls(
            try JSONParser.parse(
                #"[{"name": "\#(control)", "properties": {"displayName": "Remediate vulnerabilities", "maxScore": \#(max), "assessmentDefinitions": [{"id": "/providers/Microsoft.Security/assessmentMetadata/\#(keyA)"}, {"id": "/providers/Microsoft.Security/assessmentMetadata/\#(keyB)"}, {"id": "/providers/Microsoft.Security/assessmentMetadata/\#(nativeKey)"}]}}]"#
            ), file: "controls.json")
        if custom {
            builder.addDefinitions(
                try JSONParser.parse(
                    #"{"id": "\#(customPolicy.rawValue)", "type": "Microsoft.Authorization/policyDefinitions", "properties": {"displayName": "Custom check", "mode": "All", "metadata": {"securityCenter": {"Severity": "high", "RemediationDescription": "Fix it"}}, "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}}"#
                ), file: "custom.json")
        }
        return RecommendationCatalog(tenant: try builder.build())
    }

    static func resource(_ n: Int, subscription: String = "s1") -> ResourceID {
        ResourceID(
            "/subscriptions/\(subscription)/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm\(n)")
    }

    static func state(
        _ resource: ResourceID, _ policy: ResourceID, _ compliance: ComplianceState,
        assignment: ResourceID = assignment,
        exemption: PolicyState.ExemptionReference? = nil
    ) -> PolicyState {
        PolicyState(
            timestamp: at, resourceId: resource, policyAssignmentId: assignment, policyDefinitionId: policy,
            policyDefinitionReferenceId: policy.name, policySetDefinitionId: nil, complianceState: compliance,
            policyDefinitionAction: "audit", subscriptionId: resource.subscriptionId ?? "",
            resourceType: "microsoft.compute/virtualmachines",
            resourceLocation: "westeurope", resourceGroup: "rg", exemption: exemption)
    }

    static func exemption(_ category: PolicyExemption.Category) -> PolicyState.ExemptionReference {
        PolicyState.ExemptionReference(
            id: ResourceID(
                "/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/ex-\(category.rawValue)"),
            category: category)
    }
}
