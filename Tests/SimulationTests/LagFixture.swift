import Foundation
import History
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation
import TenantIO
import TestSupport

/// Scenarios over the demo tenant, played through the real runner and reported by ``LagReport``.
enum LagFixture {
    static let corpProd = "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"
    static let vmApp =
        corpProd + "/resourceGroups/rg-crm-prod-neu/providers/Microsoft.Compute/virtualMachines/vm-crm-app01"
    static let vmDb =
        corpProd + "/resourceGroups/rg-crm-prod-neu/providers/Microsoft.Compute/virtualMachines/vm-crm-db01"
    static let keyVault =
        corpProd + "/resourceGroups/rg-payments-prod-weu/providers/Microsoft.KeyVault/vaults/kv-payments-prod-weu"
    static let storage =
        corpProd + "/resourceGroups/rg-crm-prod-neu/providers/Microsoft.Storage/storageAccounts/stcrmprodneu"
    static let portal =
        corpProd + "/resourceGroups/rg-payments-prod-weu/providers/Microsoft.Web/sites/app-payments-portal-prod"
    static let api =
        corpProd + "/resourceGroups/rg-payments-prod-weu/providers/Microsoft.Web/sites/app-payments-api-prod"
    static let baseline =
        "/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/contoso-sec-baseline"
    static let updatesKey = "4ab6e3c5-74dd-8b35-9ab9-f61b30875b27"
    static let customDefinition = corpProd + "/providers/Microsoft.Authorization/policyDefinitions/custom-vm-updates"
    static let customAssignment = corpProd + "/providers/Microsoft.Authorization/policyAssignments/custom-vm-updates"

    static let tenant = Result {
        try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load()
    }

    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    static func shipped(_ name: String) throws -> Schedule {
        try Schedule.load(path: TestPaths.repositoryRoot.appendingPathComponent("Schedules/\(name)").path)
    }

    /// An event at `at` (the index is its position in `events`).
    static func event(_ at: String, _ change: ScenarioEvent.Change) -> (String, ScenarioEvent.Change) { (at, change) }

    /// Plays `events` between `start` and `end` on `schedule` into a fresh database and reports the lags.
    static func lags(
        _ events: [(String, ScenarioEvent.Change)], schedule: Schedule, start: String = "2026-11-01T00:00:00Z",
        end: String = "2026-11-10T00:00:00Z"
    ) throws -> LagReport {
        let tenant = try Self.tenant.get()
        let ordered = events.enumerated().map {
            ScenarioEvent(index: $0.offset, at: date($0.element.0), change: $0.element.1)
        }
        .sorted { ($0.at, $0.index) < ($1.at, $1.index) }
        let scenario = Scenario(tenantPath: "", schedulePath: "", start: date(start), end: date(end), events: ordered)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-lag-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore(path: directory.appendingPathComponent("lag.sqlite").path)
        let runner = CycleRunner(
            store: store, schedule: schedule, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try Simulator(runner: runner).play(scenario, tenant: tenant)
        return try LagReport(scenario: scenario, tenant: tenant, store: store)
    }

    /// The demo tenant's resource `id` with `edit` applied to its `properties`.
    static func resource(_ id: String, _ edit: (inout JSONObject) -> Void) throws -> ScenarioEvent.Change {
        let tenant = try Self.tenant.get()
        guard var json = tenant.resources.first(where: { $0.id == ResourceID(id) })?.json.objectValue,
            var properties = json["properties"]?.objectValue
        else { throw MissingResource(id: id) }
        edit(&properties)
        json["properties"] = .object(properties)
        return .put(.object(json))
    }

    /// A Waiver exempting `scope` from the whole baseline assignment.
    static func waiver(on scope: String, name: String) -> ScenarioEvent.Change {
        .put([
            "id": .string(scope + "/providers/Microsoft.Authorization/policyExemptions/" + name),
            "type": "Microsoft.Authorization/policyExemptions", "name": .string(name),
            "properties": ["policyAssignmentId": .string(baseline), "exemptionCategory": "Waiver"],
        ])
    }

    /// Defender's own system-updates result for `resource`.
    static func updatesFinding(_ resource: String, _ status: String) -> ScenarioEvent.Change {
        .finding([
            "name": .string(updatesKey), "type": "Microsoft.Security/assessments",
            "properties": ["resourceDetails": ["Id": .string(resource)], "status": ["code": .string(status)]],
        ])
    }

    /// A custom copy of the system-updates policy (a custom recommendation: `securityCenter` metadata),
    /// reading Defender's published assessment, as seed 003 describes.
    static let customUpdatesDefinition: ScenarioEvent.Change = .put(
        try! JSONParser.parse(
            #"""
            {"id": "\#(customDefinition)", "name": "custom-vm-updates", "type": "Microsoft.Authorization/policyDefinitions",
             "properties": {"displayName": "[Custom] Machines should have system updates installed", "mode": "All",
              "metadata": {"category": "Security Center", "securityCenter": {"Severity": "High", "RemediationDescription": "Install the updates."}},
              "policyRule": {"if": {"field": "type", "equals": "Microsoft.Compute/virtualMachines"},
               "then": {"effect": "AuditIfNotExists", "details": {"type": "Microsoft.Security/assessments", "name": "\#(updatesKey)",
                "existenceCondition": {"field": "Microsoft.Security/assessments/status.code", "in": ["NotApplicable", "Healthy"]}}}}}}
            """#))

    /// The custom definition assigned at corp-prod.
    static let customUpdatesAssignment: ScenarioEvent.Change = .put([
        "id": .string(customAssignment), "type": "Microsoft.Authorization/policyAssignments",
        "properties": ["scope": .string(corpProd), "policyDefinitionId": .string(customDefinition)],
    ])
}

extension EventLag {
    /// `visibleAt lag` per stage (`-` where never), to compare with hand-computed rows at a glance.
    var summary: String {
        var stages = [policy, defender, score]
        if let custom { stages.append(custom) }
        return stages.map { stage in
            stage.visibleAt.map { ISO8601.format($0) + " " + DurationText.iso8601(Int(lag(stage)!)) } ?? "-"
        }.joined(separator: " | ")
    }
}

/// The demo tenant has no resource with this id.
struct MissingResource: Error {
    let id: String
}
