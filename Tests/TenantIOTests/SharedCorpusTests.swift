import Foundation
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// Loads the public data in `../shared`; each test is skipped where that folder is absent.
@Suite struct SharedCorpusTests {
    @Test(.enabled(if: TestPaths.shared("azure-policy") != nil, "needs ../shared/azure-policy"))
    func sharedBuiltInsLoadUnchanged() throws {
        let corpus = try #require(TestPaths.shared("azure-policy"))
        let tenant = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-builtins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tenant, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tenant) }
        for file in TenantDirectory.requiredFiles {
            try Data("[]".utf8).write(to: tenant.appendingPathComponent(file))
        }
        try FileManager.default.createDirectory(
            at: tenant.appendingPathComponent("assignments"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: tenant.appendingPathComponent("definitions"), withDestinationURL: corpus)
        let loaded = try TenantDirectory(url: tenant).load()
        // Every file of the public corpus: 3,594 definitions and 181 initiatives, all references resolved.
        #expect(loaded.policyDefinitions.count == 3_594)
        #expect(loaded.policySetDefinitions.count == 181)
        let mcsb = try #require(
            loaded.policySetDefinition(
                ResourceID(
                    "/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8")))
        #expect(mcsb.policyDefinitions.count == 223)
    }

    @Test(.enabled(if: TestPaths.shared("aliases/policy-aliases.csv.gz") != nil, "needs ../shared/aliases"))
    func sharedGzippedAliasTableLoads() throws {
        let file = try #require(TestPaths.shared("aliases/policy-aliases.csv.gz"))
        let table = try AliasFile.load(file.path)
        // The 2026-08 dump merged with the 2023 table: 77,967 rows, 77,951 distinct names ignoring case
        // (../shared/aliases/README.md); Azure looks aliases up ignoring case.
        #expect(table.count == 77_951)
        #expect(table.defaultPath(for: "microsoft.web/SITES/httpsOnly") == "properties.httpsOnly")
        #expect(
            table.defaultPath(for: "Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange")
                == "properties.securityRules[*].properties.destinationPortRange")
    }
}
