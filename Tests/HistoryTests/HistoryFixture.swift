import Foundation
import History
import PolicyModel

/// A fresh SQLite database in a temporary folder, removed when the fixture goes: for the tests of
/// SQLite's own features (its file, its migrations, its tables read directly). The tests of the
/// history API take a `Backend` and a `TemporaryHistory` (HistoryTestSupport) instead.
final class TemporaryDatabase {
    let directory: URL
    let store: HistoryStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try HistoryStore(path: directory.appendingPathComponent("history.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

enum HistoryFixture {
    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    static func state(_ resource: Int, _ compliance: ComplianceState, at: String = "2026-11-01T05:00:00Z")
        -> PolicyState
    {
        let id = ResourceID("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app\(resource)")
        return PolicyState(
            timestamp: date(at), resourceId: id,
            policyAssignmentId: ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a"),
            policyDefinitionId: ResourceID("/providers/Microsoft.Authorization/policyDefinitions/https"),
            policyDefinitionReferenceId: "webAppHttpsOnly",
            policySetDefinitionId: ResourceID("/providers/Microsoft.Authorization/policySetDefinitions/set"),
            complianceState: compliance, policyDefinitionAction: "audit", subscriptionId: "s1",
            resourceType: "microsoft.web/sites", resourceLocation: "westeurope", resourceGroup: "rg",
            policyDefinitionGroupNames: ["NS-1", "DP-3"])
    }
}
