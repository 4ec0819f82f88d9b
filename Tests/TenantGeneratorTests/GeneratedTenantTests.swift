import Foundation
import JSONCore
import PolicyModel
import TenantGenerator
import TenantIO
import TestSupport
import Testing

@Suite struct GeneratedTenantTests {
    static let small = GeneratorOptions(resources: 1_500, subscriptions: 7, seed: 42)

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "posture-generate-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func generatedTenantLoadsWithoutDiagnostics() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try GeneratedTenant.generate(Self.small).write(to: directory)
        let tenant = try TenantDirectory(directory).load()
        #expect(tenant.resources.count == 1_500)
        #expect(tenant.subscriptions.count == 7)
        #expect(tenant.managementGroups.count == 11)
        #expect(tenant.policySetDefinitions.count == 1)
        #expect(tenant.assignments.count == 1)
        #expect(tenant.controls.count == 15)
        #expect(tenant.exemptions.contains { $0.category == .waiver })
        #expect(tenant.exemptions.contains { $0.category == .mitigated })
        #expect(!tenant.findings.isEmpty)
        let keys = Set(tenant.recommendations.map(\.key))
        #expect(tenant.findings.allSatisfy { keys.contains($0.key) }, "every finding belongs to a recommendation")
        #expect(tenant.aliases.defaultPath(for: "Microsoft.Storage/storageAccounts/supportsHttpsTrafficOnly") != nil)
    }

    @Test func sameSeedGivesSameBytesAndAnotherSeedDoesNot() {
        let a = GeneratedTenant.generate(Self.small)
        let b = GeneratedTenant.generate(Self.small)
        #expect(a.files.map(\.path) == b.files.map(\.path))
        for (x, y) in zip(a.files, b.files) { #expect(x.bytes == y.bytes, "\(x.path) differs between two runs") }
        var other = Self.small
        other.seed = 43
        let c = GeneratedTenant.generate(other)
        #expect(
            c.files.first { $0.path == "resources.json" }?.bytes != a.files.first { $0.path == "resources.json" }?.bytes
        )
    }

    @Test(arguments: [1, 2, 9, 40, 333])
    func resourceCountIsExact(resources: Int) throws {
        let options = GeneratorOptions(resources: resources, subscriptions: 1, seed: 3)
        let tenant = GeneratedTenant.generate(options)
        let document = try JSONParser.parse(try #require(tenant.files.first { $0.path == "resources.json" }).bytes)
        #expect(document["data"]?.arrayValue?.count == resources)
        #expect(document["count"]?.numberValue == Double(resources))
    }

    @Test func resourceMixCarriesCompliantAndNonCompliantSettings() throws {
        let tenant = GeneratedTenant.generate(Self.small)
        let document = try JSONParser.parse(try #require(tenant.files.first { $0.path == "resources.json" }).bytes)
        let rows = document["data"]?.arrayValue ?? []
        let types = Set(rows.compactMap { $0["type"]?.stringValue })
        for type in [
            "microsoft.web/sites", "microsoft.storage/storageaccounts", "microsoft.compute/virtualmachines",
            "microsoft.network/networksecuritygroups", "microsoft.keyvault/vaults", "microsoft.sql/servers",
            "microsoft.insights/diagnosticsettings", "microsoft.web/sites/config",
        ] {
            #expect(types.contains(type), "no \(type)")
        }
        let https = rows.filter { $0["type"]?.stringValue == "microsoft.storage/storageaccounts" }
            .compactMap { $0["properties"]?["supportsHttpsTrafficOnly"]?.boolValue }
        #expect(https.contains(true) && https.contains(false))
    }

    @Test func scenarioEventsAreSortedAndOfEveryKind() throws {
        var options = Self.small
        options.days = 5
        options.churn = 0.02
        let tenant = GeneratedTenant.generate(options)
        let scenario = try JSONParser.parse(try #require(tenant.files.first { $0.path == "scenario.json" }).bytes)
        let events = scenario["events"]?.arrayValue ?? []
        #expect(events.count >= 5 * 30)
        let instants = events.compactMap { $0["at"]?.stringValue }
        #expect(instants == instants.sorted())
        #expect(events.contains { $0["put"]?["type"]?.stringValue == "Microsoft.Authorization/policyExemptions" })
        #expect(events.contains { $0["delete"] != nil })
        #expect(events.contains { $0["finding"] != nil })
        #expect(events.contains { $0["scan"]?.boolValue == true })
    }

    @Test(.enabled(if: TestPaths.shared("azure-policy") != nil, "needs ../shared/azure-policy"))
    func sharedBaselineAssignsMCSB() throws {
        let baseline = try BaselineDirectory.load(try #require(TestPaths.shared("azure-policy")).path)
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try GeneratedTenant.generate(GeneratorOptions(resources: 600, subscriptions: 3), baseline: baseline).write(
            to: directory)
        let tenant = try TenantDirectory(directory).load()
        let set = try #require(tenant.policySetDefinitions.first)
        #expect(set.policyDefinitions.count == 223)
        #expect(tenant.recommendations.count > 150)
        #expect(tenant.aliases.count > 60_000)
        #expect(tenant.controls.count == 15)
    }
}
