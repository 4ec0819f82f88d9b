import ArgumentParser
import Foundation
import History
import JSONCore
import Logging
import PolicyEngine
import PolicyModel
import TestSupport
import Testing

@testable import PostureCLI

/// A partial evaluation is never recorded or shown as a whole one: a tenant whose assigned
/// policies cannot be compiled does not validate and is refused by `run` unless
/// `--allow-unevaluated`; the cycles then record what they skipped. Resource-provider modes are an
/// expected skip: counted, never blocking.
@Suite struct UnevaluatedPoliciesTests {
    static func demoCopy(_ edit: (URL) throws -> Void) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unevaluated-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("demo-tenant"), to: folder)
        try edit(folder)
        return folder
    }

    static func withoutAliases() throws -> URL {
        try demoCopy { try FileManager.default.removeItem(at: $0.appendingPathComponent("aliases.csv")) }
    }

    /// The demo tenant plus one Key Vault data-plane policy (mode `Microsoft.KeyVault.Data`) assigned to a subscription.
    static func withResourceProviderMode() throws -> URL {
        try demoCopy { folder in
            let definition = """
                {"id": "/providers/Microsoft.Authorization/policyDefinitions/kv-data-expiry", "name": "kv-data-expiry",
                 "type": "Microsoft.Authorization/policyDefinitions",
                 "properties": {"displayName": "Keys should have an expiration date", "mode": "Microsoft.KeyVault.Data",
                   "policyRule": {"if": {"field": "type", "equals": "Microsoft.KeyVault.Data/vaults/keys"},
                                  "then": {"effect": "audit"}}}}
                """
            let assignment = """
                {"id": "/subscriptions/ae354339-4fc6-4e07-97c1-83500eb29e30/providers/Microsoft.Authorization/policyAssignments/kv-data",
                 "name": "kv-data", "type": "Microsoft.Authorization/policyAssignments",
                 "properties": {"scope": "/subscriptions/ae354339-4fc6-4e07-97c1-83500eb29e30",
                   "policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/kv-data-expiry"}}
                """
            try Data(definition.utf8).write(
                to: folder.appendingPathComponent("definitions/policies/kv-data-expiry.json"))
            try Data(assignment.utf8).write(to: folder.appendingPathComponent("assignments/kv-data.json"))
        }
    }

    static func run(_ tenant: URL, db: String, extra: [String] = []) throws {
        var command = try Posture.parseAsRoot(
            [
                "run", "--db", db, "--tenant", tenant.path,
                "--schedule", TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path,
                "--now", "2026-11-02T12:00:00Z", "--quiet",
            ] + extra)
        try command.run()
    }

    @Test func aTenantWithoutAnAliasTableDoesNotValidate() async throws {
        let tenant = try Self.withoutAliases()
        var command = try Posture.parseAsRoot(["validate", tenant.path])
        #expect(await exitCode { try command.run() } == 2)
    }

    @Test func unevaluatablePoliciesAreNamedWithFileAndPath() throws {
        let tenant = try TenantInput.load(try Self.withoutAliases().path, options: try CommonOptions.parse([]))
        let diagnostics = TenantPolicies(tenant: tenant).blockingDiagnostics(in: tenant)
        #expect(diagnostics.count == 46)
        let first = try #require(diagnostics.first { $0.file == "definitions/policies/storage-secure-transfer.json" })
        #expect(first.path.description.hasPrefix("$.properties.policyRule.if"))
        #expect(first.message.contains("Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly"))
        #expect(first.message.contains("no alias table"))
    }

    /// A command on the spot warns once per policy it leaves out, naming the assignment and the error.
    @Test func onTheSpotCommandsWarnOfEachPolicyNotEvaluated() throws {
        let tenant = try Self.withoutAliases()
        let log = LogRecorder()
        let source = try ResultSource(
            tenant: tenant.path, db: nil, at: try #require(ISO8601.parse("2026-11-02T12:00:00Z")), logger: log.logger)
        let warnings = log.entries("policy not evaluated", level: .warning)
        #expect(warnings.count == 46)
        #expect(source.unevaluatedNote != nil)
        let storage = warnings.first {
            $0.value("error")?.contains("Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly") == true
        }
        #expect(storage?.value("assignment")?.hasPrefix("/") == true)
        #expect(storage?.value("reference") != nil)
    }

    @Test func runRefusesAPartialEvaluationAndLeavesNoDatabase() async throws {
        let tenant = try Self.withoutAliases()
        let db = tenant.appendingPathComponent("history.sqlite").path
        #expect(await exitCode { try Self.run(tenant, db: db) } == 2)
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func withTheFlagTheCycleRecordsWhatItSkippedAndWhy() throws {
        let tenant = try Self.withoutAliases()
        let db = tenant.appendingPathComponent("history.sqlite").path
        try Self.run(tenant, db: db, extra: ["--allow-unevaluated"])
        let store = try HistoryStore(path: db)
        let policy = try #require(try store.cycles().first { $0.kind == .policy })
        #expect(policy.assignedPolicies == 52)
        #expect(policy.unevaluatedPolicies == 46)
        let skipped = try store.unevaluatedPolicies(seq: policy.seq)
        #expect(skipped.count == 46 && skipped.allSatisfy { $0.reason == .unknownAlias })
        #expect(try store.cycles().filter { $0.kind != .policy }.allSatisfy { $0.unevaluatedPolicies == nil })
        let note = try UnevaluatedPolicies.note(store: store, at: ISO8601.parse("2026-11-02T12:00:00Z")!)
        #expect(
            note?.hasPrefix("46 of 52 assigned policies not evaluated: 46 name an alias the alias table lacks") == true)
    }

    @Test func resourceProviderModesAreCountedButDoNotBlock() throws {
        let tenant = try Self.withResourceProviderMode()
        var validate = try Posture.parseAsRoot(["validate", tenant.path])
        try validate.run()
        let db = tenant.appendingPathComponent("history.sqlite").path
        try Self.run(tenant, db: db)
        let store = try HistoryStore(path: db)
        let policy = try #require(try store.cycles().first { $0.kind == .policy })
        #expect(policy.unevaluatedPolicies == 1)
        #expect(try store.unevaluatedPolicies(seq: policy.seq).map(\.reason) == [.resourceProviderMode])
        let note = try UnevaluatedPolicies.note(store: store, at: ISO8601.parse("2026-11-02T12:00:00Z")!)
        #expect(note?.contains("1 in resource-provider modes, not modelled (1 Microsoft.KeyVault.Data)") == true)
    }

    @Test func theSummaryCountsEachReason() {
        func policy(_ reason: UnevaluatedPolicy.Reason, _ detail: String) -> UnevaluatedPolicy {
            UnevaluatedPolicy(assignmentId: "a", definitionId: "d", referenceId: nil, reason: reason, detail: detail)
        }
        let skipped =
            Array(repeating: policy(.resourceProviderMode, "Microsoft.Kubernetes.Data"), count: 16)
            + Array(repeating: policy(.resourceProviderMode, "Microsoft.KeyVault.Data"), count: 3)
            + [policy(.unknownAlias, "x"), policy(.compileError, "y")]
        #expect(
            UnevaluatedPolicy.summary(skipped, assigned: 223) == "21 of 223 assigned policies not evaluated: "
                + "19 in resource-provider modes, not modelled (16 Microsoft.Kubernetes.Data, 3 Microsoft.KeyVault.Data); "
                + "1 name an alias the alias table lacks; 1 cannot be compiled")
        #expect(UnevaluatedPolicy.summary([], assigned: 223) == nil)
    }
}
