import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import JSONCore
import PolicyModel
import TestSupport
import Testing

/// `score delta` over the demo scenario's month (Fixtures/scenarios/demo.json, observed schedule:
/// Defender's cycle starts 08:00Z and shows at 09:00Z, reading the policy states shown at 07:00Z).
@Suite struct ScoreDeltaTests {
    static func delta(_ from: String, _ to: String, _ backend: Backend) throws -> ScoreDelta {
        try DemoHistory.store(backend).scoreDelta(from: DemoHistory.date(from), to: DemoHistory.date(to))
    }

    static func changes(_ delta: ScoreDelta, _ cause: ScoreChange.Cause) -> [String] {
        delta.changes.filter { $0.cause == cause }.map {
            "\($0.resourceId.name) \($0.points) \(ISO8601.format($0.movedAt!))"
        }.sorted()
    }

    @Test(arguments: Backend.all) func theCausesAddUpExactlyToTheMonthsMove(_ backend: Backend) throws {
        let delta = try Self.delta("2026-11-01T12:00:00Z", "2026-11-30T23:00:00Z", backend)
        #expect(delta.unexplainedUnits.isEmpty)
        let byCause = delta.unitsByCause.reduce(0) { $0 + $1.units }
        #expect(byCause == delta.totalDeltaUnits)
        for sub in delta.subscriptions {
            let changes = delta.changes.filter { $0.subscriptionId.lowercased() == sub }.reduce(0) {
                $0 + $1.pointUnits
            }
            #expect(changes == delta.deltaUnits(subscription: sub), "subscription \(sub)")
        }
        // corp-prod 23.3524 → 31.1238 points (stored scores, rounded to ten-thousandths)
        #expect(delta.deltaUnits(subscription: "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71") == 77_714)
        #expect(delta.changes.count > 20)
    }

    @Test(arguments: Backend.all) func everyDayOfTheMonthAddsUpAndTheDaysAddUpToTheMonth(_ backend: Backend) throws {
        var sum = 0
        var day = DemoHistory.date("2026-11-01T12:00:00Z")
        while day < DemoHistory.date("2026-11-30T12:00:00Z") {
            let next = day.addingTimeInterval(86_400)
            let delta = try DemoHistory.store(backend).scoreDelta(from: day, to: next)
            #expect(delta.unexplainedUnits.isEmpty, "\(day)")
            #expect(delta.unitsByCause.reduce(0) { $0 + $1.units } == delta.totalDeltaUnits, "\(day)")
            sum += delta.totalDeltaUnits
            day = next
        }
        #expect(sum == (try Self.delta("2026-11-01T12:00:00Z", "2026-11-30T12:00:00Z", backend)).totalDeltaUnits)
    }

    @Test(arguments: Backend.all) func fixedAndRegressed(_ backend: Backend) throws {
        // The finding of 11-06 09:00Z (vm-crm-app01's updates installed) shows in Defender's next
        // cycle; system updates is worth 6 points, and since vm-crm-db01's deletion on the 4th
        // vm-crm-app01 is corp-prod's only VM in it: 0 of 1 healthy → 1 of 1.
        let fixed = try Self.delta("2026-11-06T12:00:00Z", "2026-11-07T12:00:00Z", backend)
        #expect(Self.changes(fixed, .fixed) == ["vm-crm-app01 6.0 2026-11-07T09:00:00Z"])
        // kv-payments-prod-weu opened to the internet on 11-10 14:00Z: policy sees it on the 11th
        // (05:00Z cycle, shown 07:00Z), Defender at 09:00Z.
        let regressed = try Self.delta("2026-11-10T12:00:00Z", "2026-11-11T12:00:00Z", backend)
        #expect(Self.changes(regressed, .regressed) == ["kv-payments-prod-weu -0.8 2026-11-11T09:00:00Z"])
    }

    @Test(arguments: Backend.all) func newAndDeletedResources(_ backend: Backend) throws {
        let created = try Self.delta("2026-11-12T12:00:00Z", "2026-11-13T12:00:00Z", backend)
        #expect(Set(created.changes.map(\.cause)) == [.newResource])
        #expect(
            Set(created.changes.map(\.resourceId.name)) == [
                "1d6a8f0e-7c33-4e58-9a61-2f4b8e5c9d17", "rg-qa-test-weu", "stqatestweu", "app-qa-portal-test",
            ])
        let deleted = try Self.delta("2026-11-04T12:00:00Z", "2026-11-05T12:00:00Z", backend)
        #expect(Set(deleted.changes.map(\.cause)) == [.deletedResource])
        #expect(deleted.changes.reduce(0) { $0 + $1.pointUnits } == 60_000)
    }

    @Test(arguments: Backend.all) func anExemptionGrantedAndExpiringMidMonthShowOnTheirDays(_ backend: Backend) throws {
        // Granted 11-05 12:00Z, after that day's policy cycle: it shows on the 6th.
        let granted = try Self.delta("2026-11-05T12:00:00Z", "2026-11-06T12:00:00Z", backend)
        #expect(Self.changes(granted, .exemptionGranted) == ["func-payments-events-dev 0.6 2026-11-06T09:00:00Z"])
        // Expires 11-20 00:00Z: the 05:00Z policy cycle no longer honours it; Defender shows it at 09:00Z.
        let expired = try Self.delta("2026-11-19T12:00:00Z", "2026-11-20T12:00:00Z", backend)
        #expect(Self.changes(expired, .exemptionExpired) == ["func-payments-events-dev -0.6 2026-11-20T09:00:00Z"])
        let dayBefore = try Self.delta("2026-11-18T12:00:00Z", "2026-11-19T12:00:00Z", backend)
        #expect(Self.changes(dayBefore, .exemptionExpired).isEmpty)
    }

    @Test(arguments: Backend.all) func initiativeAndAssignmentChanges(_ backend: Backend) throws {
        let disabled = try Self.delta("2026-11-18T12:00:00Z", "2026-11-19T12:00:00Z", backend)
        #expect(
            Self.changes(disabled, .policyDisabled) == [
                "aks-analytics-dev-eus 0.0 2026-11-19T09:00:00Z", "aks-corp-prod-weu -4.0 2026-11-19T09:00:00Z",
            ])
        let removed = try Self.delta("2026-11-20T12:00:00Z", "2026-11-21T12:00:00Z", backend)
        #expect(Set(removed.changes.map(\.cause)) == [.recommendationRemoved])
        #expect(removed.changes.count == 6)
        let added = try Self.delta("2026-11-27T12:00:00Z", "2026-11-28T12:00:00Z", backend)
        #expect(Set(added.changes.map(\.cause)) == [.recommendationAdded])
        #expect(added.changes.count == 6)
    }

    @Test(arguments: Backend.all) func aDeltaBackwardsIsTheForwardDeltaNegated(_ backend: Backend) throws {
        let forward = try Self.delta("2026-11-05T12:00:00Z", "2026-11-20T12:00:00Z", backend)
        let backward = try Self.delta("2026-11-20T12:00:00Z", "2026-11-05T12:00:00Z", backend)
        #expect(backward.totalDeltaUnits == -forward.totalDeltaUnits)
        #expect(backward.changes.count == forward.changes.count)
    }

    @Test(arguments: Backend.all) func theJSONCarriesBothScoresTheDeltaAndEveryChange(_ backend: Backend) throws {
        let delta = try Self.delta("2026-11-19T12:00:00Z", "2026-11-20T12:00:00Z", backend)
        let model = try ScoreModel(store: DemoHistory.store(backend), version: delta.to.defenderCycle?.tenantVersion)
        let json = delta.json(shapes: AzureShapes(catalog: model.catalog))
        #expect(json["from"]?["value"]?.arrayValue?.count == 4)
        #expect(json["delta"]?["points"] == .number(-0.6))
        #expect(json["delta"]?["causes"]?["exemptionExpired"]?["points"] == .number(-0.6))
        let change = try #require(json["changes"]?.arrayValue?.first)
        for field in ["resourceId", "assessmentKey", "subscriptionId", "control", "cause", "points"] {
            #expect(change[field] != nil && change[field] != .null, "\(field)")
        }
        #expect(change["cause"] == "exemptionExpired")
    }

    /// `python3 ../shared/specs/validate.py --strict <security 2020-01-01 secureScore.json> SecureScoresList <from>`.
    /// SQLite only: it checks the shape, not what the history holds, which the tests above read on both backends.
    @Test(
        .enabled(
            if: TestPaths.shared("specs/validate.py") != nil && Python.available,
            "needs ../shared/specs, python3 and jsonschema"))
    func fromAndToAreAzuresSecureScoresLists() throws {
        let backend = Backend.sqlite
        let delta = try Self.delta("2026-11-10T12:00:00Z", "2026-11-20T12:00:00Z", backend)
        let model = try ScoreModel(store: DemoHistory.store(backend), version: delta.to.defenderCycle?.tenantVersion)
        let json = delta.json(
            shapes: AzureShapes(catalog: model.catalog),
            aggregateScope: "/providers/Microsoft.Management/managementGroups/contoso")
        let specs = try #require(TestPaths.shared("specs"))
        let swagger =
            "azure-rest-api-specs/specification/security/resource-manager/Microsoft.Security/stable/2020-01-01/secureScore.json"
        for side in ["from", "to"] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                "posture-delta-\(UUID().uuidString).json")
            try Data(JSONWriter().string(json[side]!).utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let output = try Python.run([
                specs.appendingPathComponent("validate.py").path, "--strict",
                specs.appendingPathComponent(swagger).path, "SecureScoresList", file.path,
            ])
            #expect(output == "ok", "\(side): \(output)")
        }
    }
}
