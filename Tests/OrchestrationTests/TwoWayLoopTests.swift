import Defender
import Foundation
import History
import HistoryTestSupport
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import TestSupport
import Testing

/// Seed 003's two-way integration, through the real runner: Defender evaluates missing updates
/// itself and publishes the result as an assessment; the next policy cycle's AuditIfNotExists
/// policy over `Microsoft.Security/assessments` reads it; a custom recommendation fed by that
/// policy shows it one Defender cycle later.
@Suite struct TwoWayLoopTests {
    typealias T = CycleRunnerTests
    static let vm =
        "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/resourceGroups/rg-crm-prod-neu/providers/Microsoft.Compute/virtualMachines/vm-crm-app01"
    static let updatesKey = "4ab6e3c5-74dd-8b35-9ab9-f61b30875b27"
    static let custom =
        "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/providers/Microsoft.Authorization/policyDefinitions/custom-vm-updates"

    /// The demo tenant plus a custom copy of the system-updates policy (with `securityCenter`
    /// metadata: a custom recommendation) assigned at corp-prod; `healthy` sets vm-crm-app01's finding.
    static func tenant(healthy: Bool) throws -> Tenant {
        var snapshot = try T.demoSnapshot.get()
        let definition: JSONValue = try JSONParser.parse(
            #"""
            {"id": "\#(custom)", "name": "custom-vm-updates", "type": "Microsoft.Authorization/policyDefinitions",
             "properties": {"displayName": "[Custom] Machines should have system updates installed", "mode": "All",
              "metadata": {"category": "Security Center", "securityCenter": {"Severity": "High", "RemediationDescription": "Install the updates."}},
              "policyRule": {"if": {"field": "type", "equals": "Microsoft.Compute/virtualMachines"},
               "then": {"effect": "AuditIfNotExists", "details": {"type": "Microsoft.Security/assessments", "name": "\#(updatesKey)",
                "existenceCondition": {"field": "Microsoft.Security/assessments/status.code", "in": ["NotApplicable", "Healthy"]}}}}}}
            """#)
        let assignmentId =
            "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/providers/Microsoft.Authorization/policyAssignments/custom-vm-updates"
        let assignment: JSONValue = try JSONParser.parse(
            #"{"id": "\#(assignmentId)", "type": "Microsoft.Authorization/policyAssignments", "properties": {"scope": "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71", "policyDefinitionId": "\#(custom)"}}"#
        )
        snapshot.objects[TenantSnapshot.Key(kind: .definition, id: ResourceID(custom).key)] = definition
        snapshot.objects[TenantSnapshot.Key(kind: .assignment, id: ResourceID(assignmentId).key)] = assignment
        let findingKey = try #require(
            snapshot.objects.keys.first { $0.kind == .finding && $0.id == ResourceID(vm).key + "|" + updatesKey })
        var finding = try #require(snapshot.objects[findingKey]?.objectValue)
        var properties = try #require(finding["properties"]?.objectValue)
        properties["status"] = ["code": .string(healthy ? "Healthy" : "Unhealthy")]
        finding["properties"] = .object(properties)
        snapshot.objects[findingKey] = .object(finding)
        return try snapshot.tenant()
    }

    @Test(arguments: Backend.all)
    func aNativeFindingReachesTheCustomRecommendationOneDefenderCycleLater(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let runner = CycleRunner(
            store: db.store, schedule: try T.schedule("azure-observed.yaml"),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        // Day 1: the VM misses updates. The fix is observed at 12:00 on day 1.
        _ = try runner.run(
            observing: try Self.tenant(healthy: false), now: T.date("2026-11-01T11:00:00Z"),
            since: T.date("2026-11-01T00:00:00Z"))
        _ = try runner.run(observing: try Self.tenant(healthy: true), now: T.date("2026-11-01T12:00:00Z"))
        _ = try runner.run(observing: try Self.tenant(healthy: true), now: T.date("2026-11-04T00:00:00Z"))

        let catalog = RecommendationCatalog(tenant: try Self.tenant(healthy: true))
        let customKey = try #require(catalog.keys(forPolicy: ResourceID(Self.custom)).first)
        func status(_ key: String, at text: String) throws -> Assessment.Status? {
            try db.store.assessments(visibleAt: T.date(text)).first {
                $0.key == key && $0.resourceId == ResourceID(Self.vm)
            }?.status
        }
        func policy(at text: String) throws -> ComplianceState? {
            try db.store.policyResults(visibleAt: T.date(text)).states
                .first { $0.policyDefinitionId == ResourceID(Self.custom) && $0.resourceId == ResourceID(Self.vm) }?
                .complianceState
        }
        // Defender's own recommendation moves with Defender's cycle on day 2 (08:00Z, visible 09:00Z):
        #expect(try status(Self.updatesKey, at: "2026-11-02T08:59:00Z") == .unhealthy)
        #expect(try status(Self.updatesKey, at: "2026-11-02T09:00:00Z") == .healthy)
        // The policy reads the published assessment at its next cycle, day 3 (05:00Z, visible 07:00Z):
        #expect(try policy(at: "2026-11-03T06:59:00Z") == .nonCompliant)
        #expect(try policy(at: "2026-11-03T07:00:00Z") == .compliant)
        // The custom recommendation shows it one Defender cycle later, day 3 at 09:00Z:
        #expect(try status(customKey, at: "2026-11-03T08:59:00Z") == .unhealthy)
        #expect(try status(customKey, at: "2026-11-03T09:00:00Z") == .healthy)
    }
}
