import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import JSONCore
import PolicyModel
import TestSupport
import Testing

/// `posture exemptions` over the demo month: statuses, covered resources, compliant-anyway, orphans.
@Suite struct ExemptionReportTests {
    static let fifteenDays: TimeInterval = 15 * 86_400

    static func report(_ instant: String, _ backend: Backend) throws -> ExemptionReport {
        try #require(
            try DemoHistory.store(backend).exemptionReport(at: DemoHistory.date(instant), expiringWithin: fifteenDays))
    }

    static func entry(_ name: String, in report: ExemptionReport) throws -> ExemptionReport.Entry {
        try #require(report.entries.first { $0.exemption.name == name }, "\(name) is not listed")
    }

    static func names(_ ids: [ResourceID]) -> [String] { ids.map(\.name) }

    @Test(arguments: Backend.all) func midMonthEachExemptionHasItsStatus(_ backend: Backend) throws {
        let report = try Self.report("2026-11-10T12:00:00Z", backend)
        let statuses = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.exemption.name, $0.status) })
        #expect(
            statuses == [
                "crm-ssh-migration-window": .expired,  // 2026-10-01
                "portal-http-redirect-waiver": .expiring,  // 2026-11-15, within 15 days
                "events-func-http-waiver": .expiring,  // granted 2026-11-05, expires 2026-11-20
                "payments-dev-kv-hardening": .active,
                "prod-storage-private-endpoints": .active,
                "analytics-data-residency": .active,
            ])
        #expect(report.entries.first?.status == .expired, "most pressing first")
    }

    @Test(arguments: Backend.all) func theNovemberFifteenthWaiverHasExpiredTheDayAfter(_ backend: Backend) throws {
        let report = try Self.report("2026-11-16T00:00:00Z", backend)
        #expect(try Self.entry("portal-http-redirect-waiver", in: report).status == .expired)
        #expect(try Self.entry("events-func-http-waiver", in: report).status == .expiring)
        #expect(try Self.entry("payments-dev-kv-hardening", in: report).status == .active)
        #expect(
            report.entries(Set([.expired])).map(\.exemption.name).sorted() == [
                "crm-ssh-migration-window", "portal-http-redirect-waiver",
            ])
        #expect(report.entries(Set([.expiring])).map(\.exemption.name) == ["events-func-http-waiver"])
        #expect(report.entries([]).count == 6)
    }

    @Test(arguments: Backend.all) func coveredResourcesAreThoseExemptByIt(_ backend: Backend) throws {
        let report = try Self.report("2026-11-10T12:00:00Z", backend)
        #expect(
            Self.names(try Self.entry("prod-storage-private-endpoints", in: report).coveredResources) == [
                "stcrmprodneu", "stpaymentsprodweu",
            ])
        #expect(
            Self.names(try Self.entry("payments-dev-kv-hardening", in: report).coveredResources) == [
                "kv-payments-dev-neu"
            ])
        #expect(
            Self.names(try Self.entry("events-func-http-waiver", in: report).coveredResources) == [
                "func-payments-events-dev"
            ])
        // Expired: the resources under its scope with states for its assignment and reference id.
        #expect(
            Self.names(try Self.entry("crm-ssh-migration-window", in: report).coveredResources) == ["nsg-crm-app-neu"])
    }

    @Test(arguments: Backend.all) func aNewExemptionCoversNothingUntilAPolicyCycleHonoursIt(_ backend: Backend) throws {
        // Granted 2026-11-05T12:00Z; the next policy states are visible 2026-11-06T07:00Z.
        let before = try Self.entry("events-func-http-waiver", in: try Self.report("2026-11-05T13:00:00Z", backend))
        #expect(before.status == .expiring)  // expires 2026-11-20, within 15 days
        #expect(before.coveredResources.isEmpty)
        #expect(before.compliantAnyway == nil)
        let after = try Self.entry("events-func-http-waiver", in: try Self.report("2026-11-06T07:00:00Z", backend))
        #expect(Self.names(after.coveredResources) == ["func-payments-events-dev"])
    }

    @Test(arguments: Backend.all) func compliantAnywayIsFalseWhenACoveredResourceWouldFail(_ backend: Backend) throws {
        let report = try Self.report("2026-11-10T12:00:00Z", backend)
        // stpaymentsprodweu would be Compliant, stcrmprodneu would not (public network access Enabled).
        #expect(try Self.entry("prod-storage-private-endpoints", in: report).compliantAnyway == false)
        #expect(try Self.entry("portal-http-redirect-waiver", in: report).compliantAnyway == false)  // httpsOnly false
        #expect(try Self.entry("crm-ssh-migration-window", in: report).compliantAnyway == false)  // SSH from *
    }

    @Test(arguments: Backend.all) func compliantAnywayIsTrueWhenEveryCoveredResourceWouldPass(_ backend: Backend) throws
    {
        // An expired waiver on stpaymentsprodweu for the storage firewall rule, which it passes
        // (designed state 25), added to the tenant version of 2026-11-10.
        let instant = DemoHistory.date("2026-11-10T12:00:00Z")
        var snapshot = try DemoHistory.snapshot(at: instant, backend)
        snapshot.put(
            try JSONParser.parse(
                Data(
                    """
                    {"id": "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/resourceGroups/rg-payments-prod-weu/providers/Microsoft.Storage/storageAccounts/stpaymentsprodweu/providers/Microsoft.Authorization/policyExemptions/old-firewall-waiver",
                     "type": "Microsoft.Authorization/policyExemptions", "name": "old-firewall-waiver",
                     "properties": {"policyAssignmentId": "/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/contoso-sec-baseline",
                                    "policyDefinitionReferenceIds": ["storageNetworkRules"], "exemptionCategory": "Waiver",
                                    "expiresOn": "2026-11-01T00:00:00Z"}}
                    """.utf8)))
        let report = ExemptionReport(
            tenant: try snapshot.tenant(), results: try DemoHistory.store(backend).policyResults(visibleAt: instant),
            at: instant,
            expiringWithin: Self.fifteenDays)
        let entry = try Self.entry("old-firewall-waiver", in: report)
        #expect(entry.status == .expired)
        #expect(Self.names(entry.coveredResources) == ["stpaymentsprodweu"])
        #expect(entry.compliantAnyway == true)
    }

    @Test(arguments: Backend.all) func theCISSWaiverGoesWithItsVirtualMachine(_ backend: Backend) throws {
        let before = try Self.entry("crm-db01-decommission", in: try Self.report("2026-11-04T08:00:00Z", backend))
        #expect(before.status == .active)
        #expect(Self.names(before.coveredResources) == ["vm-crm-db01"])
        // Deleted 2026-11-04T08:30Z: Azure removes a resource's exemptions with it, so it is not listed.
        let after = try Self.report("2026-11-04T09:00:00Z", backend)
        #expect(!after.entries.contains { $0.exemption.name == "crm-db01-decommission" })
        #expect(after.entries(Set([.orphaned])).isEmpty)
    }

    @Test(arguments: Backend.all) func anExemptionOnADeletedResourceIsOrphaned(_ backend: Backend) throws {
        // An export that still lists the CISS waiver after its virtual machine was deleted.
        let instant = DemoHistory.date("2026-11-10T12:00:00Z")
        var snapshot = try DemoHistory.snapshot(at: instant, backend)
        let file = TestPaths.fixtures.appendingPathComponent(
            "demo-tenant/exemptions/waiver-whole-regulatory-assignment.json")
        snapshot.put(try JSONParser.parse(try Data(contentsOf: file)))
        let report = ExemptionReport(
            tenant: try snapshot.tenant(), results: try DemoHistory.store(backend).policyResults(visibleAt: instant),
            at: instant,
            expiringWithin: Self.fifteenDays)
        let entry = try Self.entry("crm-db01-decommission", in: report)
        #expect(entry.status == .orphaned)
        #expect(entry.orphanReasons == [.scopeGone])
        #expect(entry.coveredResources.isEmpty)
        #expect(entry.compliantAnyway == nil)
        #expect(report.entries(Set([.orphaned])).map(\.exemption.name) == ["crm-db01-decommission"])
    }

    @Test(arguments: Backend.all) func anExemptionWhoseAssignmentIsGoneIsOrphaned(_ backend: Backend) throws {
        let instant = DemoHistory.date("2026-11-02T12:00:00Z")
        var tenant = try #require(try DemoHistory.store(backend).tenant(at: instant))
        tenant.assignments.removeAll { $0.name == "contoso-ciss-2025" }
        tenant.reindex()
        let report = ExemptionReport(
            tenant: tenant, results: try DemoHistory.store(backend).policyResults(visibleAt: instant), at: instant,
            expiringWithin: Self.fifteenDays)
        let entry = try Self.entry("crm-db01-decommission", in: report)
        #expect(entry.status == .orphaned)
        #expect(entry.orphanReasons == [.assignmentGone])
    }

    @Test(arguments: Backend.all) func jsonIsAzuresExemptionList(_ backend: Backend) throws {
        let report = try Self.report("2026-12-01T00:00:00Z", backend)
        let json = ExemptionReport.azureList(report.entries)
        let items = try #require(json["value"]?.arrayValue)
        #expect(items.count == 6)
        let residency = try #require(items.first { $0["name"]?.stringValue == "analytics-data-residency" })
        // Seed 002's singular spelling comes out as the API's plural.
        #expect(residency["properties"]?["policyDefinitionReferenceIds"] == ["allowedLocations"])
        #expect(residency["properties"]?.objectValue?.keys.contains("policyDefinitionReferenceId") == false)
    }

    /// `python3 ../shared/specs/validate.py --raw --strict <policyExemptions.json> PolicyExemptionListResult <file>`
    /// with the 2022-07-01-preview policyExemptions swagger. SQLite only: it checks the shape, not what
    /// the history holds, which `jsonIsAzuresExemptionList` reads on both backends.
    @Test(
        .enabled(
            if: TestPaths.shared("specs/validate.py") != nil && Python.available,
            "needs ../shared/specs, python3 and jsonschema"))
    func jsonValidatesAgainstTheOpenAPIListDefinitionNeedsShared() throws {
        let report = try Self.report("2026-12-01T00:00:00Z", .sqlite)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-exemptions-\(UUID().uuidString).json")
        try Data(JSONWriter().string(ExemptionReport.azureList(report.entries)).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let specs = try #require(TestPaths.shared("specs"))
        let swagger =
            "azure-rest-api-specs/specification/resources/resource-manager/Microsoft.Authorization/preview/2022-07-01-preview/policyExemptions.json"
        let output = try Python.run([
            specs.appendingPathComponent("validate.py").path, "--raw", "--strict",
            specs.appendingPathComponent(swagger).path,
            "PolicyExemptionListResult", file.path,
        ])
        #expect(output == "ok")
    }
}
