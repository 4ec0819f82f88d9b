import Foundation
import PolicyEngine
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// The demo tenant evaluated end to end, and the states designed by hand in
/// `Fixtures/demo-tenant/README.md` (rows by number), across every effect: audit, deny,
/// AuditIfNotExists over diagnostic settings, child settings, extensions and Defender
/// assessments, manual, Disabled, exemptions of both categories, notScopes, DoNotEnforce.
@Suite struct DemoTenantStateTests {
    static let at = ISO8601.parse("2026-10-20T00:00:00Z")!
    static let baseline = "contoso-sec-baseline"
    static let ciss = "contoso-ciss-2025"
    static let devLocations = "dev-allowed-locations"
    static let cissDev = "contoso-ciss-2025-dev"

    static let results: Result<(Tenant, PolicyResults), any Error> = Result {
        let tenant = try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load()
        return (
            tenant,
            TenantEvaluator(tenant: tenant).evaluate(at: at, published: tenant.findings.map(\.publishedResource))
        )
    }

    /// The state of (resource named `name`, assignment, reference id); nil when there is none.
    static func state(_ name: String, _ assignment: String, _ reference: String?) throws -> ComplianceState? {
        let (tenant, results) = try results.get()
        let subscription = tenant.subscriptions.first { $0.displayName == name }?.id
        let matches = results.states.filter {
            ($0.resourceId.name == name || $0.resourceId == subscription) && $0.policyAssignmentId.name == assignment
                && (reference == nil || $0.policyDefinitionReferenceId == reference)
        }
        #expect(matches.count <= 1, "\(name) has several states under \(assignment)/\(reference ?? "-")")
        return matches.first?.complianceState
    }

    @Test(
        arguments: [
            (1, "app-payments-api-prod", baseline, "webAppHttpsOnly", ComplianceState?.some(.compliant)),
            (2, "app-payments-portal-prod", baseline, "webAppHttpsOnly", .exempt),
            (3, "app-payments-portal-prod", ciss, "ciss-web-https", .nonCompliant),
            (4, "app-payments-portal-prod", baseline, "webAppMinTls", .nonCompliant),
            (5, "app-crm-web-prod", baseline, "webAppMinTls", .nonCompliant),
            (6, "func-payments-events-prod", baseline, "webAppHttpsOnly", nil),
            (7, "func-payments-events-dev", baseline, "functionAppHttpsOnly", .nonCompliant),
            (8, "app-crm-web-prod", baseline, "appServiceResourceLogs", .compliant),
            (9, "app-payments-api-dev", baseline, "appServiceResourceLogs", .nonCompliant),
            (10, "kv-crm-prod-neu", baseline, "keyVaultResourceLogs", .nonCompliant),
            (11, "kv-payments-prod-weu", baseline, "keyVaultResourceLogs", .compliant),
            (12, "kv-payments-dev-neu", baseline, "keyVaultResourceLogs", .nonCompliant),
            (13, "kv-crm-prod-neu", baseline, "keyVaultPurgeProtection", .nonCompliant),
            (14, "kv-payments-dev-neu", baseline, "keyVaultPurgeProtection", .exempt),
            (15, "kv-payments-dev-neu", baseline, "keyVaultFirewall", .exempt),
            (16, "kv-payments-prod-weu", baseline, "keyVaultFirewall", .compliant),
            (17, "kv-crm-prod-neu", baseline, "keyVaultFirewall", .nonCompliant),
            (18, "kv-crm-prod-neu", baseline, "keyVaultSoftDelete", nil),
            (19, "stcrmprodneu", baseline, "storageSecureTransfer", .nonCompliant),
            (20, "stcrmprodneu", baseline, "storagePublicNetworkAccess", .exempt),
            (21, "stpaymentsprodweu", baseline, "storagePublicNetworkAccess", .exempt),
            (22, "stpaymentsdevweu", baseline, "storagePublicNetworkAccess", .nonCompliant),
            (23, "stcrmprodneu", ciss, "ciss-storage-network", .nonCompliant),
            (24, "stpaymentsdevweu", baseline, "storageNetworkRules", .nonCompliant),
            (25, "stpaymentsprodweu", baseline, "storageNetworkRules", .compliant),
            (26, "stcrmprodneu", baseline, "storageBlobPublicAccess", .nonCompliant),
            (27, "nsg-hub-mgmt-weu", baseline, "nsgManagementPorts", .nonCompliant),
            (28, "nsg-hub-bastion-weu", baseline, "nsgManagementPorts", .compliant),
            (29, "nsg-analytics-dev-eus", baseline, "nsgManagementPorts", .nonCompliant),
            (30, "nsg-crm-app-neu", baseline, "nsgManagementPorts", .nonCompliant),
            (31, "nsg-aks-prod-weu", baseline, "nsgManagementPorts", .compliant),
            (32, "nsg-sandbox-dev", baseline, "nsgManagementPorts", nil),
            (33, "sql-payments-dev-weu", baseline, "sqlServerAuditing", .nonCompliant),
            (34, "sql-payments-prod-weu", baseline, "sqlServerAuditing", .compliant),
            (35, "aks-analytics-dev-eus", baseline, "aksHostEncryption", .nonCompliant),
            (36, "aks-corp-prod-weu", baseline, "aksHostEncryption", .compliant),
            (37, "aks-analytics-dev-eus", baseline, "aksRbac", .nonCompliant),
            (38, "vm-crm-db01", baseline, "vmManagedDisks", .nonCompliant),
            (39, "vm-crm-db01", baseline, "vmEndpointProtection", .nonCompliant),
            (40, "vm-hub-jump01", baseline, "vmEndpointProtection", .compliant),
            (41, "vm-hub-jump01", baseline, "vmSystemUpdates", .compliant),
            (42, "vm-crm-app01", baseline, "vmSystemUpdates", .nonCompliant),
            (43, "vm-analytics-dev01", baseline, "vmSystemUpdates", .nonCompliant),
            (44, "vm-crm-db01", ciss, "ciss-vm-updates", .exempt),
            (45, "vm-analytics-dev01", baseline, "vmVulnerabilityFindings", .compliant),
            (46, "vm-crm-db01", baseline, "vmVulnerabilityFindings", .nonCompliant),
            (47, "vm-sandbox-test01", baseline, "vmSystemUpdates", nil),
            (48, "contoso-corp-prod", baseline, "subscriptionOwnerMfa", .nonCompliant),
            (49, "contoso-platform-connectivity", baseline, "subscriptionOwnerMfa", .compliant),
            (50, "contoso-corp-dev", baseline, "incidentResponsePlan", .unknown),
            (51, "vnet-spoke-prod-weu", baseline, "vnetDdosProtection", .nonCompliant),
            (52, "stanalyticsdeveus", baseline, "allowedLocations", .exempt),
            (54, "kv-payments-dev-neu", baseline, "allowedLocations", .compliant),
            (56, "vm-analytics-dev01", baseline, "allowedLocations", .nonCompliant),
            (58, "rg-aks-prod-weu", baseline, "resourceGroupOwnerTag", .nonCompliant),
            (59, "rg-payments-prod-weu", baseline, "resourceGroupOwnerTag", .compliant),
            (61, "kv-payments-dev-neu", cissDev, "ciss-kv-purge", nil),
            (62, "rg-analytics-dev-eus", cissDev, "ciss-rg-owner-tag", nil),
            (63, "kv-payments-dev-neu", cissDev, "ciss-kv-logs", .nonCompliant),
            (64, "stanalyticsdeveus", cissDev, "ciss-storage-network", .nonCompliant),
        ] as [(Int, String, String, String, ComplianceState?)])
    func designedState(row: Int, resource: String, assignment: String, reference: String, expected: ComplianceState?)
        throws
    {
        #expect(try Self.state(resource, assignment, reference) == expected, "README row \(row)")
    }

    /// Rows 53, 55, 57: the single-policy DoNotEnforce assignment still reports (no reference id).
    @Test(arguments: [(53, "stanalyticsdeveus"), (55, "kv-payments-dev-neu"), (57, "stsandboxdeveus")])
    func doNotEnforceStillReports(row: Int, resource: String) throws {
        #expect(try Self.state(resource, Self.devLocations, nil) == .nonCompliant, "README row \(row)")
    }

    /// The README's totals: 204 states, 114 Compliant, 80 NonCompliant, 7 Exempt, 3 Unknown.
    @Test func totalsMatchTheDesign() throws {
        let states = try Self.results.get().1.states
        let counts = Dictionary(grouping: states, by: \.complianceState).mapValues(\.count)
        #expect(states.count == 204)
        #expect(counts == [.compliant: 114, .nonCompliant: 80, .exempt: 7, .unknown: 3])
        let cissDev = states.filter { $0.policyAssignmentId.name == Self.cissDev }
        #expect(cissDev.count == 12 && cissDev.filter { $0.complianceState == .compliant }.count == 4)
    }

    /// Rows 61–62: the CISS standard fixes `ciss-kv-purge` and `ciss-rg-owner-tag` to Audit, so no
    /// parameter can turn them off; the corp-dev assignment's `overrides` entry does ("Azure Policy
    /// assignment structure", Overrides, https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure).
    /// Without it, the purge-protection state would be NonCompliant.
    @Test func theOverrideDisablesTwoMembersTheirParametersCannot() throws {
        let (tenant, _) = try Self.results.get()
        let entries = TenantEvaluator(tenant: tenant).policies.entries.filter { $0.assignment.id.name == Self.cissDev }
        #expect(entries.count == 12)
        let disabled = entries.filter { $0.policy.effect == .disabled }.compactMap(\.referenceId).sorted()
        #expect(disabled == ["ciss-kv-purge", "ciss-rg-owner-tag"])
        #expect(entries.first { $0.referenceId == "ciss-kv-purge" }?.action == "disabled")
        var plain = tenant
        plain.assignments = plain.assignments.map { a in
            var a = a
            a.overrides = []
            return a
        }
        plain.reindex()
        let without = TenantEvaluator(tenant: plain).evaluate(
            at: Self.at, published: tenant.findings.map(\.publishedResource))
        let purge = without.states.first {
            $0.resourceId.name == "kv-payments-dev-neu" && $0.policyAssignmentId.name == Self.cissDev
                && $0.policyDefinitionReferenceId == "ciss-kv-purge"
        }
        #expect(purge?.complianceState == .nonCompliant)
    }
}
