import Defender
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
import Testing

/// Scenarios played through the real runner: when a change shows in policy states, in Defender's
/// assessments and in the score, on the observed schedule (policy 07:00 Helsinki = 05:00Z in
/// November, visible 07:00Z; Defender 08:00Z, visible 09:00Z; score at 02:00Z, 10:00Z, 18:00Z).
@Suite struct SimulatorTests {
    static let site =
        "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/resourceGroups/rg-payments-prod-weu/providers/Microsoft.Web/sites/app-payments-portal-prod"

    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    /// Plays a fix of the payments portal's minimum TLS version at `at`.
    static func play(fixAt at: String) throws -> HistoryStore {
        let tenant = try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load()
        var site = try #require(tenant.resources.first { $0.id == ResourceID(Self.site) }?.json.objectValue)
        var properties = try #require(site["properties"]?.objectValue)
        var config = properties["siteConfig"]?.objectValue ?? JSONObject()
        config["minTlsVersion"] = "1.2"
        properties["siteConfig"] = .object(config)
        site["properties"] = .object(properties)
        let scenario = Scenario(
            tenantPath: "", schedulePath: "", start: date("2026-11-01T00:00:00Z"), end: date("2026-11-06T00:00:00Z"),
            events: [ScenarioEvent(index: 0, at: date(at), change: .put(.object(site)))])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try HistoryStore(path: directory.appendingPathComponent("sim.sqlite").path)
        let schedule = try Schedule.load(
            path: TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path)
        let runner = CycleRunner(
            store: store, schedule: schedule, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        _ = try Simulator(runner: runner).play(scenario, tenant: tenant)
        return store
    }

    static func policyState(_ store: HistoryStore, at text: String) throws -> ComplianceState? {
        try store.policyResults(visibleAt: date(text)).states.first {
            $0.resourceId == ResourceID(site) && $0.policyDefinitionReferenceId == "webAppMinTls"
        }?.complianceState
    }

    @Test func aFixAt10ShowsInPolicyNextMorningAndInDefenderTwoHoursLater() throws {
        let store = try Self.play(fixAt: "2026-11-03T10:00:00Z")
        #expect(try Self.policyState(store, at: "2026-11-04T06:59:59Z") == .nonCompliant)
        #expect(try Self.policyState(store, at: "2026-11-04T07:00:00Z") == .compliant)
        let assessment = { (text: String) in
            try store.assessments(visibleAt: Self.date(text)).filter {
                $0.resourceId == ResourceID(Self.site) && $0.status == .unhealthy
            }.count
        }
        #expect(try assessment("2026-11-04T09:00:00Z") == assessment("2026-11-04T08:59:59Z") - 1)
    }

    /// An event exactly at a policy cycle's start is evaluated by that cycle.
    @Test func aChangeExactlyAtACycleStartIsInThatCycle() throws {
        let store = try Self.play(fixAt: "2026-11-03T05:00:00Z")
        #expect(try Self.policyState(store, at: "2026-11-03T07:00:00Z") == .compliant)
        let store2 = try Self.play(fixAt: "2026-11-03T05:00:01Z")
        #expect(try Self.policyState(store2, at: "2026-11-03T07:00:00Z") == .nonCompliant)
        #expect(try Self.policyState(store2, at: "2026-11-04T07:00:00Z") == .compliant)
    }
}
