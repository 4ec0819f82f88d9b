import ArgumentParser
import Foundation
import JSONCore
import PolicyEngine
import PolicyModel
import TestSupport
import Testing

@testable import PostureCLI

/// `posture evaluate` as a user runs it: arguments parsed by the command, files read by it.
@Suite struct EvaluateCommandTests {
    static let vectors = TestPaths.shared("vectors/azure-policy-evaluator")
    static let aliases = TestPaths.shared("aliases/policy-aliases.csv.gz")

    /// Where the peer disagrees with Microsoft's documentation (`../shared/vectors/README.md`;
    /// "Author policies for array properties on Azure resources",
    /// https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays):
    /// `[*]` over an empty array holds, so these Key Vaults are audited.
    static let documentedExceptions: Set<String> = [
        "kv-iprules-with-allow-none.json", "kv-iprules-with-deny-none.json",
    ]

    static func evaluate(_ arguments: [String]) throws -> EvaluationResult {
        let command = try Posture.parseAsRoot(["evaluate"] + arguments)
        let evaluate = try #require(command as? Posture.Evaluate)
        return try evaluate.evaluation()
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evaluate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Every `samples/*/*/tests/*.json` (resources without id) against its `azurepolicy.json`.
    @Test(
        "Every peer sample vector gives its file-name outcome through the CLI (needs ../shared)",
        .enabled(if: vectors != nil && aliases != nil))
    func samplesThroughTheCommand() throws {
        let samples = Self.vectors!.appendingPathComponent("samples")
        var checked = 0
        let files =
            FileManager.default.enumerator(at: samples, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.lastPathComponent == "azurepolicy.json" } ?? []
        for definition in files.sorted(by: { $0.path < $1.path }) {
            let tests = definition.deletingLastPathComponent().appendingPathComponent("tests")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: tests.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") {
                let result = try Self.evaluate([
                    "--definition", definition.path, "--resource", tests.appendingPathComponent(name).path,
                    "--aliases", Self.aliases!.path,
                ])
                let expected = name.dropLast(5).split(separator: "-").last.map(String.init) ?? ""
                let outcome = "\(name): \(result.complianceState?.rawValue ?? "not applicable") \(result.effect)"
                checked += 1
                if Self.documentedExceptions.contains(name) {
                    #expect(result.complianceState == .nonCompliant, "\(outcome)")
                    continue
                }
                switch expected {
                case "audit": #expect(result.complianceState == .nonCompliant && result.effect == .audit, "\(outcome)")
                case "deny": #expect(result.complianceState == .nonCompliant && result.effect == .deny, "\(outcome)")
                case "none": #expect(result.complianceState == .compliant || !result.applicable, "\(outcome)")
                default: Issue.record("\(name): no -audit, -deny or -none suffix")
                }
            }
        }
        #expect(checked >= 12)
    }

    /// `resources/`: the peer's unit tests expect both resources non-compliant under the port policy
    /// and the NSG in an allowed location.
    @Test(
        "The peer's unit-test resources through the CLI (needs ../shared)",
        .enabled(if: vectors != nil && aliases != nil))
    func unitResourcesThroughTheCommand() throws {
        let folder = Self.vectors!.appendingPathComponent("resources")
        func run(_ policy: String, _ resource: String) throws -> EvaluationResult {
            try Self.evaluate([
                "--definition", folder.appendingPathComponent(policy).path,
                "--resource", folder.appendingPathComponent(resource).path, "--aliases", Self.aliases!.path,
            ])
        }
        let nsg = try run("Policy_NSG_DenyPorts.json", "NSG_AllowSSHandRDP.json")
        #expect(nsg.complianceState == .nonCompliant && nsg.effect == .audit)
        // A securityRules body with no name at all: both levels of the id get the placeholder name.
        #expect(try run("Policy_NSG_DenyPorts.json", "SecurityRule_AllowSSH.json").complianceState == .nonCompliant)
        #expect(try run("Policy_Location_List.json", "NSG_AllowSSHandRDP.json").complianceState == .compliant)
    }

    static let idRule = """
        {"properties": {"mode": "All", "policyRule": {
          "if": {"allOf": [{"field": "type", "equals": "Microsoft.Network/networkSecurityGroups/securityRules"},
                           {"field": "id", "equals": "[parameters('expected')]"}]},
          "then": {"effect": "[parameters('effect')]"}},
          "parameters": {"expected": {"type": "String"},
                         "effect": {"type": "String", "allowedValues": ["Audit", "Deny"], "defaultValue": "Audit"}}}}
        """

    @Test func aTemplateChildResourceGetsItsParentsFromAMultiSegmentName() throws {
        let definition = try Self.write(Self.idRule, "policy.json")
        let body = """
            {"type": "Microsoft.Network/networkSecurityGroups/securityRules", "apiVersion": "2023-09-01",
             "name": "nsg1/rule1", "properties": {"access": "Allow"}}
            """
        let resource = try Self.write(body, "rule.json")
        let expected =
            "/subscriptions/\(TemplateResource.placeholderSubscription)/resourceGroups/"
            + "\(TemplateResource.placeholderResourceGroup)/providers/Microsoft.Network/networkSecurityGroups/nsg1"
            + "/securityRules/rule1"
        let synthesized = try Self.evaluate([
            "--definition", definition, "--resource", resource, "--parameters", "{\"expected\": \"\(expected)\"}",
        ])
        #expect(synthesized.complianceState == .nonCompliant)
        let own =
            "/subscriptions/1/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/a/securityRules/b"
        let given = try Self.evaluate([
            "--definition", definition, "--resource", resource, "--id", own, "--parameters",
            "{\"expected\": \"\(own)\"}",
        ])
        #expect(given.complianceState == .nonCompliant)
    }

    @Test func aNameWithMoreSegmentsThanTheTypeIsRefused() throws {
        let definition = try Self.write(Self.idRule, "policy.json")
        let resource = try Self.write(#"{"type": "Microsoft.Network/networkSecurityGroups", "name": "a/b"}"#, "r.json")
        let error = #expect(throws: CommandError.self) {
            _ = try Self.evaluate([
                "--definition", definition, "--resource", resource, "--parameters", #"{"expected": "x"}"#,
            ])
        }
        #expect(error?.code == .badInput)
    }

    @Test(arguments: [
        #"{"expected": "x", "unknown": 1}"#, #"{"expected": 3}"#, #"{"expected": "x", "effect": "Modify"}"#,
        #"{"expected": {"value": "x"}, "effect": {"value": ["Audit"]}}"#,
    ])
    func parametersAreCheckedAgainstTheDefinition(_ parameters: String) throws {
        let definition = try Self.write(Self.idRule, "policy.json")
        let resource = try Self.write(#"{"type": "Microsoft.Network/networkSecurityGroups", "name": "a"}"#, "r.json")
        let error = #expect(throws: CommandError.self) {
            _ = try Self.evaluate(["--definition", definition, "--resource", resource, "--parameters", parameters])
        }
        #expect(error?.code == .badInput)
    }

    @Test func parameterProblemsNameTheParameter() {
        let effect = ParameterDefinition(
            name: "effect", type: "String", defaultValue: nil, allowedValues: ["Audit", "Deny"])
        #expect(effect.problem(with: "deny") == nil)
        #expect(effect.problem(with: "Modify")?.contains("parameter 'effect'") == true)
        #expect(effect.problem(with: 1)?.contains("is of type String") == true)
        let ports = ParameterDefinition(name: "ports", type: "Array", defaultValue: nil, allowedValues: ["22", "3389"])
        #expect(ports.problem(with: ["22"]) == nil)
        #expect(ports.problem(with: ["80"])?.contains("allowedValues") == true)
        let count = ParameterDefinition(name: "count", type: "Integer", defaultValue: nil, allowedValues: nil)
        #expect(count.problem(with: 2.5)?.contains("non-integer") == true)
        #expect(count.problem(with: 2) == nil)
        let when = ParameterDefinition(name: "when", type: "DateTime", defaultValue: nil, allowedValues: nil)
        #expect(when.problem(with: "yesterday") != nil)
        #expect(when.problem(with: "2026-01-01T00:00:00Z") == nil)
    }

    @Test func aMissingAliasTableIsNamedWhenTheRuleNeedsOne() throws {
        let rule = """
            {"properties": {"mode": "All", "policyRule": {
              "if": {"field": "Microsoft.Storage/storageAccounts/minimumTlsVersion", "equals": "TLS1_0"},
              "then": {"effect": "audit"}}}}
            """
        let definition = try Self.write(rule, "policy.json")
        let resource = try Self.write(#"{"type": "Microsoft.Storage/storageAccounts", "name": "st"}"#, "r.json")
        let refusal = #expect(throws: CommandError.self) {
            _ = try Self.evaluate(["--definition", definition, "--resource", resource])
        }
        #expect(refusal?.code == .badInput)
        let error = PolicyCompileError(.unknownAlias, at: .root, "'x' is not an alias")
        #expect(
            EvaluateInput.diagnostic(error, file: "p.json", aliasesGiven: false).message.contains(
                "no alias table was given"))
        #expect(!EvaluateInput.diagnostic(error, file: "p.json", aliasesGiven: true).message.contains("no alias table"))
    }

    static let diagnosticsRule = """
        {"properties": {"mode": "All", "policyRule": {
          "if": {"field": "type", "equals": "Microsoft.KeyVault/vaults"},
          "then": {"effect": "auditIfNotExists", "details": {"type": "Microsoft.Insights/diagnosticSettings"}}}}}
        """

    @Test(arguments: ["{\"data\": [ROW]}", "{\"value\": [ROW]}", "[ROW]", "ROW"])
    func relatedTakesTheTenantFileEnvelopes(_ envelope: String) throws {
        let vault =
            "/subscriptions/\(TemplateResource.placeholderSubscription)/resourceGroups/"
            + "\(TemplateResource.placeholderResourceGroup)/providers/Microsoft.KeyVault/vaults/kv1"
        let row =
            #"{"id": "\#(vault)/providers/Microsoft.Insights/diagnosticSettings/d", "#
            + #""type": "Microsoft.Insights/diagnosticSettings", "name": "d"}"#
        let definition = try Self.write(Self.diagnosticsRule, "policy.json")
        let resource = try Self.write(
            #"{"type": "Microsoft.KeyVault/vaults", "name": "kv1", "location": "westeurope"}"#, "kv.json")
        let related = try Self.write(envelope.replacingOccurrences(of: "ROW", with: row), "related.json")
        let without = try Self.evaluate(["--definition", definition, "--resource", resource])
        #expect(without.complianceState == .nonCompliant)
        let with = try Self.evaluate(["--definition", definition, "--resource", resource, "--related", related])
        #expect(with.complianceState == .compliant)
    }
}
