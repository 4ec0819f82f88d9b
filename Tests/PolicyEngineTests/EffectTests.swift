import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// Effects and compliance, per "Azure Policy definitions effect basics" and the pages for
/// auditIfNotExists, deployIfNotExists and manual.
@Suite("Effects and compliance (effect-basics, effect-audit-if-not-exists, effect-manual)")
struct EffectTests {
    static let rule =
        #"{"if": {"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"}, {"field": "Microsoft.Web/sites/httpsOnly", "equals": false}]}, "then": {"effect": "[parameters('effect')]"}}"#
    static let parameters = #"{"effect": {"type": "String", "defaultValue": "Audit"}}"#
    static let insecure = EngineTestSupport.resource([
        "type": "Microsoft.Web/sites", "name": "web1", "properties": ["httpsOnly": false],
    ])
    static let secure = EngineTestSupport.resource([
        "type": "Microsoft.Web/sites", "name": "web2", "properties": ["httpsOnly": true],
    ])

    @Test(
        "audit/deny/append/modify: if true is NonCompliant, false Compliant",
        arguments: ["audit", "Deny", "APPEND", "modify"])
    func ifDecides(_ effect: String) throws {
        let policy = try EngineTestSupport.compileRule(
            Self.rule, parameters: Self.parameters, values: ["effect": .string(effect)])
        #expect(policy.effect == Effect(name: effect))
        #expect(policy.evaluate(Self.insecure).complianceState == .nonCompliant)
        #expect(policy.evaluate(Self.secure).complianceState == .compliant)
    }

    @Test("The effect comes from parameters('effect'), default or assigned, compared ignoring case")
    func effectFromParameter() throws {
        #expect(try EngineTestSupport.compileRule(Self.rule, parameters: Self.parameters).effect == .audit)
        #expect(
            try EngineTestSupport.compileRule(Self.rule, parameters: Self.parameters, values: ["EFFECT": "mODIFY"])
                .effect == .modify)
    }

    @Test("An unknown effect is a compile error")
    func invalidEffect() {
        #expect(throws: PolicyCompileError.self) {
            _ = try EngineTestSupport.compileRule(Self.rule, parameters: Self.parameters, values: ["effect": "Explode"])
        }
    }

    @Test("A NonCompliant result says which condition decided, with the alias and its path")
    func reasons() throws {
        let policy = try EngineTestSupport.compileRule(Self.rule, parameters: Self.parameters)
        let reasons = policy.evaluate(Self.insecure).reasons
        #expect(
            reasons.contains(
                "field 'Microsoft.Web/sites/httpsOnly' (properties.httpsOnly) is false; condition equals false held"))
        #expect(policy.evaluate(Self.secure).reasons.isEmpty)
        #expect(!policy.evaluate(Self.secure, reasons: .always).reasons.isEmpty)
    }

    @Test("disabled: not evaluated")
    func disabled() throws {
        let policy = try EngineTestSupport.compileRule(
            Self.rule, parameters: Self.parameters, values: ["effect": "Disabled"])
        let result = policy.evaluate(Self.insecure)
        #expect(!result.applicable)
        #expect(result.complianceState == nil)
    }

    @Test("manual: applicable resources get details.defaultState, Unknown by default (effect-manual)")
    func manual() throws {
        let rule =
            #"{"if": {"field": "type", "equals": "Microsoft.Web/sites"}, "then": {"effect": "manual", "details": {"defaultState": "[parameters('state')]"}}}"#
        let explicit = try EngineTestSupport.compileRule(
            rule, parameters: #"{"state": {"type": "String", "defaultValue": "NonCompliant"}}"#)
        #expect(explicit.evaluate(Self.secure).complianceState == .nonCompliant)
        let fallback = try EngineTestSupport.compileRule(
            #"{"if": {"field": "type", "equals": "Microsoft.Web/sites"}, "then": {"effect": "Manual"}}"#)
        #expect(fallback.evaluate(Self.secure).complianceState == .unknown)
        #expect(!fallback.evaluate(EngineTestSupport.resource(["type": "Microsoft.Sql/servers"])).applicable)
    }

    static let diagnosticsRule = #"""
        {"if": {"field": "type", "equals": "Microsoft.Web/sites"},
         "then": {"effect": "auditIfNotExists", "details": {"type": "Microsoft.Insights/diagnosticSettings",
           "existenceCondition": {"allOf": [
             {"field": "Microsoft.Insights/diagnosticSettings/logs.enabled", "equals": "true"},
             {"field": "Microsoft.Insights/diagnosticSettings/workspaceId", "exists": true}]}}}}
        """#

    static func diagnosticSetting(on resource: Resource, enabled: Bool) -> Resource {
        EngineTestSupport.resource([
            "id": .string(resource.id.rawValue + "/providers/microsoft.insights/diagnosticSettings/toLaw"),
            "type": "Microsoft.Insights/diagnosticSettings", "name": "toLaw",
            "properties": ["workspaceId": "/subscriptions/x/workspaces/law", "logs": [["enabled": .bool(enabled)]]],
        ])
    }

    @Test("auditIfNotExists: NonCompliant only when no related resource satisfies the existence condition")
    func auditIfNotExists() throws {
        let policy = try EngineTestSupport.compileRule(Self.diagnosticsRule)
        let good = Self.diagnosticSetting(on: Self.insecure, enabled: true)
        let off = Self.diagnosticSetting(on: Self.secure, enabled: false)
        let related = InMemoryRelatedResources([good, off])
        #expect(policy.evaluate(Self.insecure, related: related).complianceState == .compliant)
        let noncompliant = policy.evaluate(Self.secure, related: related)
        #expect(noncompliant.complianceState == .nonCompliant)
        #expect(noncompliant.reasons.first?.contains("Microsoft.Insights/diagnosticSettings") == true)
        // Another resource's setting in the same group does not count: extension resources are looked for underneath.
        let lonely = EngineTestSupport.resource(["type": "Microsoft.Web/sites", "name": "web3"])
        #expect(policy.evaluate(lonely, related: related).complianceState == .nonCompliant)
        // The if decides applicability for IfNotExists effects.
        #expect(
            !policy.evaluate(EngineTestSupport.resource(["type": "Microsoft.Sql/servers"]), related: related).applicable
        )
    }

    @Test("deployIfNotExists with details.name from [field('name')] and an assessment keyed by name")
    func deployIfNotExistsByName() throws {
        let rule = #"""
            {"if": {"field": "type", "equals": "Microsoft.Web/sites"},
             "then": {"effect": "deployIfNotExists", "details": {"type": "Microsoft.Security/assessments",
               "name": "1b7e3f1c-0000-0000-0000-000000000001",
               "existenceCondition": {"field": "Microsoft.Security/assessments/status.code", "in": ["NotApplicable", "Healthy"]}}}}
            """#
        let policy = try EngineTestSupport.compileRule(rule)
        func assessment(_ code: String, name: String = "1b7e3f1c-0000-0000-0000-000000000001") -> Resource {
            EngineTestSupport.resource([
                "id": .string(Self.secure.id.rawValue + "/providers/Microsoft.Security/assessments/\(name)"),
                "type": "Microsoft.Security/assessments", "name": .string(name),
                "properties": ["status": ["code": .string(code)]],
            ])
        }
        #expect(
            policy.evaluate(Self.secure, related: InMemoryRelatedResources([assessment("Healthy")])).complianceState
                == .compliant)
        #expect(
            policy.evaluate(Self.secure, related: InMemoryRelatedResources([assessment("Unhealthy")])).complianceState
                == .nonCompliant)
        #expect(
            policy.evaluate(Self.secure, related: InMemoryRelatedResources([assessment("Healthy", name: "other")]))
                .complianceState == .nonCompliant)
    }

    @Test(
        "[field()] in an existence condition reads the evaluated resource (effect-audit-if-not-exists: check equivalence with the if resource)"
    )
    func fieldFunctionInExistenceCondition() throws {
        let rule = #"""
            {"if": {"field": "type", "equals": "Microsoft.Network/virtualNetworks"},
             "then": {"effect": "auditIfNotExists", "details": {"type": "Microsoft.Network/networkWatchers", "resourceGroupName": "NetworkWatcherRG",
               "existenceCondition": {"field": "location", "equals": "[field('location')]"}}}}
            """#
        let policy = try EngineTestSupport.compileRule(rule)
        let vnet = EngineTestSupport.resource([
            "type": "Microsoft.Network/virtualNetworks", "name": "vnet", "location": "westeurope",
        ])
        func watcher(_ location: String) -> Resource {
            EngineTestSupport.resource([
                "id": .string(
                    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw-\(location)"
                ),
                "type": "Microsoft.Network/networkWatchers", "location": .string(location),
            ])
        }
        #expect(
            policy.evaluate(vnet, related: InMemoryRelatedResources([watcher("westeurope")])).complianceState
                == .compliant)
        #expect(
            policy.evaluate(vnet, related: InMemoryRelatedResources([watcher("eastus")])).complianceState
                == .nonCompliant)
    }

    // "Azure Policy compliance states" (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states,
    // "Protected"): the resource is covered under an assignment with a denyAction effect.
    // "Azure Policy definitions denyAction effect"
    // (https://learn.microsoft.com/azure/governance/policy/concepts/effect-deny-action): subscriptions are exempt.
    @Test("denyAction: resources whose 'if' holds are Protected, others get no state, subscriptions never")
    func denyAction() throws {
        let policy = try EngineTestSupport.compileRule(
            #"{"if": {"allOf": [{"field": "type", "equals": "Microsoft.Web/sites"}, {"field": "tags.environment", "equals": "prod"}]}, "#
                + #""then": {"effect": "denyAction", "details": {"actionNames": ["delete"]}}}"#)
        let prod = EngineTestSupport.resource([
            "type": "Microsoft.Web/sites", "name": "web3", "tags": ["environment": "prod"],
        ])
        #expect(policy.evaluate(prod).complianceState == .protected)
        #expect(!policy.evaluate(Self.secure).applicable)
        let anything = try EngineTestSupport.compileRule(
            #"{"if": {"field": "name", "like": "*"}, "then": {"effect": "denyAction"}}"#)
        let subscription = EngineTestSupport.resource([
            "id": "/subscriptions/00000000-0000-0000-0000-000000000001", "type": "Microsoft.Resources/subscriptions",
        ])
        #expect(!anything.evaluate(subscription).applicable)
    }

    @Test("auditAction acts on requests only: existing resources get no state")
    func auditAction() throws {
        let policy = try EngineTestSupport.compileRule(
            #"{"if": {"field": "type", "equals": "Microsoft.Web/sites"}, "then": {"effect": "auditAction"}}"#)
        #expect(!policy.evaluate(Self.secure).applicable)
    }

    // "Azure Policy assignment structure" (https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure,
    // Overrides): an override replaces the effect without parameters, "validated against the policy rule and
    // parameter allowed value list".
    @Test("An assignment override replaces the effect, within the effect parameter's allowedValues")
    func effectOverride() throws {
        let definition = try JSONParser.parse(
            #"{"properties": {"mode": "All", "parameters": {"effect": {"type": "String", "defaultValue": "Audit", "allowedValues": ["Audit", "Deny", "Disabled"]}}, "policyRule": \#(Self.rule)}}"#
        )
        let compiler = PolicyCompiler(aliases: EngineTestSupport.testAliases)
        #expect(try compiler.compile(definition, effectOverride: "deny").effect == .deny)
        let off = try compiler.compile(definition, parameters: ["effect": "Deny"], effectOverride: "Disabled")
        #expect(off.effect == .disabled && !off.evaluate(Self.insecure).applicable)
        let error = try #require(throws: PolicyCompileError.self) {
            try compiler.compile(definition, effectOverride: "Modify")
        }
        #expect(error.code == .invalidEffect)
        #expect(error.message.contains("parameter 'effect' does not allow"))
        let literal = try JSONParser.parse(
            #"{"properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}}"#
        )
        #expect(try compiler.compile(literal, effectOverride: "Disabled").effect == .disabled)
    }

    // "Azure Policy definitions auditIfNotExists effect"
    // (https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists): evaluationDelay is
    // AfterProvisioning(Success|Failure) or an ISO 8601 duration of 0 to 360 minutes, default PT10M; without an
    // existenceCondition any related resource of the type satisfies; `parent/?` names every nested resource.
    @Test("AuditIfNotExists details: evaluationDelay, no existenceCondition, name parent/?")
    func ifNotExistsDetails() throws {
        func compile(_ details: String) throws -> CompiledPolicy {
            try EngineTestSupport.compileRule(
                #"{"if": {"field": "type", "equals": "Microsoft.Web/sites"}, "then": {"effect": "auditIfNotExists", "details": \#(details)}}"#
            )
        }
        #expect(
            try compile(#"{"type": "Microsoft.Insights/diagnosticSettings"}"#).details?.evaluationDelay
                == .after(seconds: 600))
        #expect(
            try compile(#"{"type": "Microsoft.Insights/diagnosticSettings", "evaluationDelay": "PT1H30M"}"#).details?
                .evaluationDelay
                == .after(seconds: 5400))
        #expect(
            try compile(
                #"{"type": "Microsoft.Insights/diagnosticSettings", "evaluationDelay": "afterProvisioningSuccess"}"#
            )
            .details?.evaluationDelay == .afterProvisioning("AfterProvisioningSuccess"))
        for bad in ["PT361M", "PT7H", "10 minutes", "P1D", "PT"] {
            let error = try #require(throws: PolicyCompileError.self) {
                try compile(#"{"type": "Microsoft.Insights/diagnosticSettings", "evaluationDelay": "\#(bad)"}"#)
            }
            #expect(error.code == .invalidRule && error.path.description.hasSuffix("evaluationDelay"))
        }
        // No existenceCondition: any related resource of the type satisfies.
        let any = try compile(#"{"type": "Microsoft.Insights/diagnosticSettings"}"#)
        let site = EngineTestSupport.resource(["type": "Microsoft.Web/sites", "name": "web1"])
        let setting = EngineTestSupport.resource([
            "id": .string(site.id.rawValue + "/providers/Microsoft.Insights/diagnosticSettings/anything"),
            "type": "Microsoft.Insights/diagnosticSettings", "name": "anything",
        ])
        #expect(any.evaluate(site, related: InMemoryRelatedResources([setting])).complianceState == .compliant)
        #expect(any.evaluate(site, related: InMemoryRelatedResources([])).complianceState == .nonCompliant)
        // `parent/?`: the nested resources of one parent.
        let nested = try EngineTestSupport.compileRule(
            #"{"if": {"field": "type", "equals": "Microsoft.Sql/servers"}, "then": {"effect": "auditIfNotExists", "#
                + #""details": {"type": "Microsoft.Sql/servers/databases", "name": "[concat(field('name'), '/?')]"}}}"#)
        let server = EngineTestSupport.resource([
            "id":
                "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Sql/servers/sql1",
            "type": "Microsoft.Sql/servers", "name": "sql1",
        ])
        func database(_ server: String) -> Resource {
            EngineTestSupport.resource([
                "id": .string(
                    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Sql/servers/\(server)/databases/db1"
                ),
                "type": "Microsoft.Sql/servers/databases", "name": "db1",
            ])
        }
        #expect(
            nested.evaluate(server, related: InMemoryRelatedResources([database("sql1")])).complianceState == .compliant
        )
        #expect(
            nested.evaluate(server, related: InMemoryRelatedResources([database("sql2")])).complianceState
                == .nonCompliant)
    }
}
