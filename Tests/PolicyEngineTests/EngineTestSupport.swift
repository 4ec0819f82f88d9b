import Foundation
import JSONCore
import PolicyModel
import TestSupport

@testable import PolicyEngine

/// Helpers shared by the engine's tests.
enum EngineTestSupport {
    /// The real alias table from `../shared/aliases/policy-aliases.csv.gz`, or nil when absent.
    /// Decompressed with `gzip -dc` (test code only; the product loads it through TenantIO).
    static let sharedAliases: AliasTable? = {
        guard let url = TestPaths.shared("aliases/policy-aliases.csv.gz") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var table = AliasTable()
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let comma = line.lastIndex(of: ",") else { continue }
            let alias = line[..<comma].trimmingCharacters(in: .whitespaces)
            let path = line[line.index(after: comma)...].trimmingCharacters(in: .whitespacesAndNewlines)
            // The first path wins: for type-dependent aliases it is the plainest resource's.
            if table.defaultPath(for: alias) == nil { table.set(alias, path: path) }
        }
        return table
    }()

    /// A small alias table for unit tests: the aliases the docs' examples use.
    static let testAliases = AliasTable([
        "Microsoft.Web/sites/httpsOnly": "properties.httpsOnly",
        "Microsoft.Storage/storageAccounts/networkAcls.ipRules": "properties.networkAcls.ipRules",
        "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*]": "properties.networkAcls.ipRules[*]",
        "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value": "properties.networkAcls.ipRules[*].value",
        "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].action": "properties.networkAcls.ipRules[*].action",
        "Microsoft.Storage/storageAccounts/networkAcls.defaultAction": "properties.networkAcls.defaultAction",
        "Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly": "properties.supportsHttpsTrafficOnly",
        "Microsoft.Storage/storageAccounts/minimumTlsVersion": "properties.minimumTlsVersion",
        "Microsoft.Network/networkSecurityGroups/securityRules[*]": "properties.securityRules[*]",
        "Microsoft.Network/networkSecurityGroups/securityRules[*].name": "properties.securityRules[*].name",
        "Microsoft.Network/networkSecurityGroups/securityRules[*].access":
            "properties.securityRules[*].properties.access",
        "Microsoft.Network/networkSecurityGroups/securityRules[*].direction":
            "properties.securityRules[*].properties.direction",
        "Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange":
            "properties.securityRules[*].properties.destinationPortRange",
        "Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]":
            "properties.securityRules[*].properties.destinationPortRanges[*]",
        "Microsoft.Test/resourceType/stringArray": "properties.stringArray",
        "Microsoft.Test/resourceType/stringArray[*]": "properties.stringArray[*]",
        "Microsoft.Test/resourceType/objectArray[*]": "properties.objectArray[*]",
        "Microsoft.Test/resourceType/objectArray[*].property": "properties.objectArray[*].property",
        "Microsoft.Test/resourceType/objectArray[*].nestedArray[*]": "properties.objectArray[*].nestedArray[*]",
        "Microsoft.Test/resourceType/objectArray[*].nestedArray[*].value":
            "properties.objectArray[*].nestedArray[*].value",
        "Microsoft.Test/resourceType/settings": "properties.settings",
        "Microsoft.Test/resourceType/count": "properties.count",
        "Microsoft.Test/resourceType/text": "properties.text",
        "Microsoft.Test/resourceType/missing": "properties.missing",
        "Microsoft.Test/resourceType/port": "properties.port",
        "Microsoft.Test/resourceType/when": "properties.when",
        "Microsoft.Insights/diagnosticSettings/logs.enabled": "properties.logs[*].enabled",
        "Microsoft.Insights/diagnosticSettings/logs[*].enabled": "properties.logs[*].enabled",
        "Microsoft.Insights/diagnosticSettings/workspaceId": "properties.workspaceId",
        "Microsoft.Security/assessments/status.code": "properties.status.code",
    ])

    /// A resource from a Resource Graph-shaped object; an id is made up when the object has none.
    static func resource(_ json: JSONValue) -> Resource {
        let type = json["type"]?.stringValue ?? "Microsoft.Test/resourceType"
        let name = json["name"]?.stringValue ?? "test"
        let id =
            json["id"]?.stringValue
            ?? "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/\(type)/\(name)"
        return Resource(id: ResourceID(id), type: type, json: json)
    }

    /// A resource from JSON text.
    static func resource(_ text: String) throws -> Resource {
        resource(try JSONParser.parse(text))
    }

    /// Compiles a `policyRule` (text) with the test alias table, wrapping it in a definition.
    static func compileRule(
        _ rule: String, mode: String = "All", parameters: String = "{}", values: [String: JSONValue] = [:],
        aliases: AliasTable = testAliases
    ) throws -> CompiledPolicy {
        let definition = try JSONParser.parse(
            "{\"properties\": {\"mode\": \"\(mode)\", \"parameters\": \(parameters), \"policyRule\": \(rule)}}")
        return try PolicyCompiler(aliases: aliases).compile(definition, parameters: values)
    }

    /// Compiles a rule whose `if` is `condition` and effect audit, and evaluates it against `resource`.
    static func state(of condition: String, on resource: String, mode: String = "All") throws -> ComplianceState? {
        let policy = try compileRule("{\"if\": \(condition), \"then\": {\"effect\": \"audit\"}}", mode: mode)
        return policy.evaluate(try self.resource(resource)).complianceState
    }

    /// Whether `condition` holds for `resource` (audit: NonCompliant means the `if` held).
    static func holds(_ condition: String, on resource: String) throws -> Bool {
        try state(of: condition, on: resource) == .nonCompliant
    }

    /// All `.json` files under a folder.
    static func jsonFiles(under url: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let next = enumerator?.nextObject() as? URL {
            if next.pathExtension == "json" { files.append(next) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func parseFile(_ url: URL) throws -> JSONValue {
        try JSONParser.parse(Array(try Data(contentsOf: url)))
    }
}

/// Direct access to the expression engine, for function tests.
enum ExpressionHarness {
    /// Compiles `text` (an `[expression]`) with `parameters` and evaluates it against `resource`.
    static func evaluate(
        _ text: String, parameters: JSONObject = JSONObject(),
        resource: Resource = EngineTestSupport.resource(["name": "vm1"]),
        environment: EvaluationEnvironment = EvaluationEnvironment()
    ) throws -> JSONValue {
        let compiler = RuleCompiler(
            aliases: EngineTestSupport.testAliases, parameters: parameters, context: PolicyContext())
        let expression = try compiler.lowerJSON(.string(text), at: .root, scope: CompileScope())
        var context = EvaluationContext(subject: resource, evaluated: resource, environment: environment)
        return try expression.evaluate(&context)
    }

    /// Whether `text` folds to a literal at compile time (no resource dependency).
    static func folds(_ text: String, parameters: JSONObject = JSONObject()) throws -> Bool {
        let compiler = RuleCompiler(
            aliases: EngineTestSupport.testAliases, parameters: parameters, context: PolicyContext())
        return try compiler.lowerJSON(.string(text), at: .root, scope: CompileScope()).literalValue != nil
    }
}
