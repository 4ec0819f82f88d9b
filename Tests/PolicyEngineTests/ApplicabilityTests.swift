import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// Applicability and modes, per "What is applicability in Azure Policy?" (concepts/policy-applicability)
/// and definition-structure-basics (mode).
@Suite("Applicability and modes (policy-applicability, definition-structure-basics: mode)")
struct ApplicabilityTests {
    static func audit(_ condition: String, mode: String = "All") throws -> CompiledPolicy {
        try EngineTestSupport.compileRule(#"{"if": \#(condition), "then": {"effect": "audit"}}"#, mode: mode)
    }

    static let site = EngineTestSupport.resource([
        "type": "Microsoft.Web/sites", "name": "web1", "kind": "app", "location": "westeurope",
        "properties": ["httpsOnly": true],
    ])
    static let vault = EngineTestSupport.resource([
        "type": "Microsoft.KeyVault/vaults", "name": "kv1", "location": "westeurope",
    ])

    @Test("Other effects: only type/name/kind conditions decide; others are taken as true")
    func typeDecides() throws {
        let policy = try Self.audit(
            #"{"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"}, {"field": "Microsoft.Web/sites/httpsOnly", "equals": false}]}"#
        )
        #expect(policy.evaluate(Self.site).applicable)
        #expect(policy.evaluate(Self.site).complianceState == .compliant)
        #expect(!policy.evaluate(Self.vault).applicable)
        #expect(policy.applicableTypes == ["microsoft.web/sites"])
    }

    @Test("Negated other conditions are taken as false, so not(other) still applies")
    func negatedOther() throws {
        let policy = try Self.audit(
            #"{"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"}, {"not": {"field": "Microsoft.Web/sites/httpsOnly", "equals": true}}]}"#
        )
        #expect(policy.evaluate(Self.site).applicable)
    }

    @Test("Only name conditions, or only kind conditions: applies to all resources")
    func onlyNameOrKind() throws {
        #expect(try Self.audit(#"{"field": "name", "equals": "other"}"#).evaluate(Self.vault).applicable)
        #expect(try Self.audit(#"{"field": "kind", "equals": "other"}"#).evaluate(Self.vault).applicable)
    }

    @Test("Type and name only: only the type is considered; type, name and others: both")
    func typeAndName() throws {
        let typeAndName = try Self.audit(
            #"{"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"}, {"field": "name", "equals": "other"}]}"#)
        #expect(typeAndName.evaluate(Self.site).applicable)
        let withOther = try Self.audit(
            #"{"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"}, {"field": "name", "equals": "other"}, {"field": "location", "equals": "x"}]}"#
        )
        #expect(!withOther.evaluate(Self.site).applicable)
    }

    @Test("A location condition keeps subscriptions out")
    func locationExcludesSubscriptions() throws {
        let subscription = EngineTestSupport.resource([
            "id": "/subscriptions/00000000-0000-0000-0000-000000000001", "type": "Microsoft.Resources/subscriptions",
            "name": "sub",
        ])
        #expect(!(try Self.audit(#"{"field": "location", "notIn": ["westeurope"]}"#).evaluate(subscription).applicable))
        #expect(try Self.audit(#"{"field": "name", "exists": true}"#).evaluate(subscription).applicable)
    }

    @Test("Indexed mode skips resource groups, subscriptions and child resources without a location")
    func indexedMode() throws {
        let policy = try Self.audit(#"{"field": "name", "exists": true}"#, mode: "Indexed")
        let group = EngineTestSupport.resource([
            "id": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1",
            "type": "Microsoft.Resources/subscriptions/resourceGroups", "name": "rg1", "location": "westeurope",
        ])
        let rule = EngineTestSupport.resource([
            "id":
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/nsg/securityRules/r1",
            "type": "Microsoft.Network/networkSecurityGroups/securityRules", "name": "r1",
        ])
        #expect(policy.evaluate(Self.site).applicable)
        #expect(!policy.evaluate(group).applicable)
        #expect(!policy.evaluate(rule).applicable)
        let all = try Self.audit(#"{"field": "name", "exists": true}"#, mode: "All")
        #expect(all.evaluate(group).applicable)
        #expect(all.evaluate(rule).applicable)
    }

    @Test("Resources of the Microsoft.Resources provider are not evaluated, except subscriptions and resource groups")
    func resourcesProvider() throws {
        let policy = try Self.audit(#"{"field": "name", "exists": true}"#)
        let deployment = EngineTestSupport.resource(["type": "Microsoft.Resources/deployments", "name": "d1"])
        #expect(!policy.evaluate(deployment).applicable)
    }

    @Test("Resource-provider modes are a distinct compile result")
    func providerModes() {
        do {
            _ = try Self.audit(
                #"{"field": "type", "equals": "Microsoft.KeyVault.Data/vaults/keys"}"#, mode: "Microsoft.KeyVault.Data")
            Issue.record("expected unsupportedMode")
        } catch let error as PolicyCompileError {
            #expect(error.code == .unsupportedMode)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("applicableTypes: union over anyOf, nil when a branch has no type condition")
    func applicableTypes() throws {
        #expect(
            try Self.audit(#"{"anyOf": [{"field": "type", "equals": "A/b"}, {"field": "type", "in": ["C/d", "E/f"]}]}"#)
                .applicableTypes == ["a/b", "c/d", "e/f"])
        #expect(
            try Self.audit(#"{"anyOf": [{"field": "type", "equals": "A/b"}, {"field": "name", "equals": "x"}]}"#)
                .applicableTypes == nil)
        #expect(try Self.audit(#"{"not": {"field": "type", "equals": "A/b"}}"#).applicableTypes == nil)
    }
}
