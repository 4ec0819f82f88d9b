import Foundation
import History
import HistoryPostgres
import PolicyModel
import TestSupport
import Testing

/// A fresh database in a temporary folder, removed when the fixture goes.
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

/// Where a test's history is kept: the suites that read and write through the history API run on
/// both (PostgreSQL where it is installed, a throwaway cluster per test).
enum Backend: String, CustomTestStringConvertible, CaseIterable {
    case sqlite
    case postgres

    /// The backends this machine can run.
    static let all: [Backend] = PostgresCluster.available ? allCases : [.sqlite]

    var testDescription: String { rawValue }
}

/// A fresh history on `backend`: a SQLite file in a temporary folder, or a throwaway PostgreSQL
/// cluster's database; removed when the fixture goes.
final class TemporaryHistory {
    let store: any HistoryWriting
    private let sqlite: TemporaryDatabase?
    private let cluster: PostgresCluster?

    init(_ backend: Backend) throws {
        switch backend {
        case .sqlite:
            let database = try TemporaryDatabase()
            (sqlite, cluster, store) = (database, nil, database.store)
        case .postgres:
            let cluster = try PostgresCluster()
            (sqlite, self.cluster) = (nil, cluster)
            store = try PostgresHistoryStore(PostgresLocation(cluster.url))
        }
    }
}
