import Foundation
import JSONCore
import PolicyModel
import Testing

/// Exemption rules from the "Azure Policy exemption structure" page (seeds 001 and 002).
@Suite struct PolicyExemptionTests {
    static let assignment = "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/init"

    static func tenant(exemption: String) throws -> Tenant {
        var builder = TenantBuilder()
        builder.addDefinitions(
            try JSONParser.parse(
                #"""
                [{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyDefinitions/p",
                  "type": "Microsoft.Authorization/policyDefinitions",
                  "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}},
                 {"id": "/subscriptions/s1/providers/Microsoft.Authorization/policySetDefinitions/set",
                  "type": "Microsoft.Authorization/policySetDefinitions",
                  "properties": {"policyDefinitions": [
                    {"policyDefinitionId": "/subscriptions/s1/providers/Microsoft.Authorization/policyDefinitions/p", "policyDefinitionReferenceId": "requiredTags"},
                    {"policyDefinitionId": "/subscriptions/s1/providers/Microsoft.Authorization/policyDefinitions/p", "policyDefinitionReferenceId": "allowedLocations"}]}}]
                """#), file: "definitions.json")
        builder.addAssignments(
            try JSONParser.parse(
                #"{"id": "\#(assignment)", "properties": {"scope": "/subscriptions/s1", "policyDefinitionId": "/subscriptions/s1/providers/Microsoft.Authorization/policySetDefinitions/set"}}"#
            ), file: "assignment.json")
        builder.addExemptions(try JSONParser.parse(exemption), file: "exemption.json")
        return try builder.build()
    }

    @Test func acceptsBothSpellingsOfReferenceIds() throws {
        for key in ["policyDefinitionReferenceIds", "policyDefinitionReferenceId"] {
            let tenant = try Self.tenant(
                exemption:
                    #"{"id": "/subscriptions/s1/resourceGroups/ExemptRG/providers/Microsoft.Authorization/policyExemptions/e", "properties": {"policyAssignmentId": "\#(Self.assignment)", "\#(key)": ["requiredTags", "allowedLocations"], "exemptionCategory": "waiver", "expiresOn": "2020-12-31T23:59:00.0000000Z"}}"#
            )
            let exemption = try #require(tenant.exemptions.first)
            #expect(exemption.policyDefinitionReferenceIds == ["requiredTags", "allowedLocations"])
            #expect(exemption.category == .waiver)
            #expect(exemption.scope == ResourceID("/subscriptions/s1/resourceGroups/ExemptRG"))
        }
    }

    @Test func expiredExemptionsAreKeptButNotHonoured() throws {
        let tenant = try Self.tenant(
            exemption:
                #"{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/e", "properties": {"policyAssignmentId": "\#(Self.assignment)", "exemptionCategory": "Mitigated", "expiresOn": "2026-11-15T00:00:00Z"}}"#
        )
        let exemption = try #require(tenant.exemptions.first)
        #expect(exemption.isActive(at: try #require(ISO8601.parse("2026-11-14T23:59:59Z"))))
        #expect(!exemption.isActive(at: try #require(ISO8601.parse("2026-11-15T00:00:00Z"))))
        #expect(exemption.covers(referenceId: "anything"), "no reference ids: the whole assignment")
    }

    @Test func referenceIdsNarrowTheExemption() throws {
        let tenant = try Self.tenant(
            exemption:
                #"{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/e", "properties": {"policyAssignmentId": "\#(Self.assignment)", "policyDefinitionReferenceIds": ["requiredTags"], "exemptionCategory": "Waiver"}}"#
        )
        let exemption = try #require(tenant.exemptions.first)
        #expect(exemption.covers(referenceId: "REQUIREDTAGS"))
        #expect(!exemption.covers(referenceId: "allowedLocations"))
    }

    @Test func resourceSelectorsChooseByLocationAndType() throws {
        let tenant = try Self.tenant(
            exemption:
                #"{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/e", "properties": {"policyAssignmentId": "\#(Self.assignment)", "exemptionCategory": "Waiver", "resourceSelectors": [{"name": "TemporaryMitigation", "selectors": [{"kind": "resourceLocation", "in": ["West Central US"]}, {"kind": "resourceType", "notIn": ["Microsoft.Web/sites"]}]}]}}"#
        )
        let selectors = try #require(tenant.exemptions.first).resourceSelectors
        func resource(_ type: String, _ location: String) -> Resource {
            Resource(
                id: ResourceID("/subscriptions/s1/resourceGroups/rg/providers/\(type)/r"), type: type,
                json: ["location": .string(location)])
        }
        #expect(selectors.selects(resource("Microsoft.Storage/storageAccounts", "westcentralus")))
        #expect(!selectors.selects(resource("microsoft.web/sites", "westcentralus")))
        #expect(!selectors.selects(resource("Microsoft.Storage/storageAccounts", "westeurope")))
    }
}
