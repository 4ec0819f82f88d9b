import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import JSONCore
import PolicyModel
import TestSupport
import Testing

/// The history queries with a tenant whose `settings.json` says `"mitigatedExemptions": "excluded"`:
/// the demo scenario with that setting, and its 11-05 exemption granted as Mitigated instead of a
/// Waiver. The replays must read the stored statuses as the score computations did.
///
/// "Exempt resources from recommendations", https://learn.microsoft.com/azure/defender-for-cloud/exempt-resource
/// (2021-11 to 2026-01: a Mitigated exemption gives no points and only removes the resource from the count).
@Suite struct MitigatedSettingTests {
    static let dev = "ae354339-4fc6-4e07-97c1-83500eb29e30"

    /// The scenario played on each backend, on first use.
    static let recorded = PerBackend { backend in try DemoHistory.Recording(try scenario(), on: backend) }

    static func store(_ backend: Backend) throws -> any HistoryReading { try recorded(backend).history.store }

    /// The demo tenant copied with `settings.json`, and the demo scenario over it with the exemption
    /// of event 2 made Mitigated, and a Mitigated exemption over rg-analytics-dev-eus granted on 11-08:
    /// the scenario file, in a new temporary folder.
    static func scenario() throws -> URL {
        let fixtures = TestPaths.fixtures
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("posture-mitigated-\(UUID().uuidString)")
        let tenant = directory.appendingPathComponent("tenant")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("demo-tenant"), to: tenant)
        try Data(#"{"mitigatedExemptions": "excluded"}"#.utf8).write(to: tenant.appendingPathComponent("settings.json"))
        let data = try Data(contentsOf: fixtures.appendingPathComponent("scenarios/demo.json"))
        var scenario = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var events = try #require(scenario["events"] as? [[String: Any]])
        var waiver = try #require(events[2]["put"] as? [String: Any])
        var properties = try #require(waiver["properties"] as? [String: Any])
        #expect(properties["exemptionCategory"] as? String == "Waiver")
        properties["exemptionCategory"] = "Mitigated"
        waiver["properties"] = properties
        events[2]["put"] = waiver
        let group = "/subscriptions/\(dev)/resourceGroups/rg-analytics-dev-eus"
        properties["policyDefinitionReferenceIds"] = nil
        properties["expiresOn"] = nil
        properties["displayName"] = "Analytics: isolated network, compensating controls"
        let exemption: [String: Any] = [
            "id": group + "/providers/Microsoft.Authorization/policyExemptions/analytics-mitigated",
            "type": "Microsoft.Authorization/policyExemptions", "name": "analytics-mitigated", "properties": properties,
        ]
        let at = events.firstIndex { ($0["at"] as? String ?? "") > "2026-11-08T12:00:00Z" } ?? events.count
        events.insert(["at": "2026-11-08T12:00:00Z", "put": exemption], at: at)
        scenario["events"] = events
        scenario["tenant"] = tenant.path
        scenario["schedule"] = TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path
        let file = directory.appendingPathComponent("scenario.json")
        try JSONSerialization.data(withJSONObject: scenario).write(to: file)
        return file
    }

    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    @Test(arguments: Backend.all) func theHistoryRecordsTheSettingAndItsScoresFollowIt(_ backend: Backend) throws {
        let version = try #require(try Self.store(backend).tenantVersions().last?.version)
        #expect(try Self.store(backend).mitigatedExemptions(version: version) == .excluded)
        #expect(try ScoreModel(store: Self.store(backend), version: version).mitigated == .excluded)
        let demo = try DemoHistory.store(backend)
        #expect(try demo.mitigatedExemptions(version: demo.tenantVersions().last?.version) == .healthy)
        // The stored scores are the excluded reading's, and differ from the current rule's.
        let at = Self.date("2026-11-10T12:00:00Z")
        let (score, stored) = try #require(try Self.store(backend).scores(visibleAt: at))
        let defender = try #require(try Self.store(backend).latestCycle(of: [.defender], visibleAt: score.start))
        let assessments = try Self.store(backend).assessments(asOfCycle: defender.seq)
        let model = try ScoreModel(store: Self.store(backend), version: score.tenantVersion)
        let excluded = ScoreCalculator(catalog: model.catalog, mitigated: .excluded).scores(assessments)
        let healthy = ScoreCalculator(catalog: model.catalog, mitigated: .healthy).scores(assessments)
        func devPercentage(_ scores: [SubscriptionScore]) -> Double? {
            scores.first { $0.subscriptionId.lowercased() == Self.dev }?.score.percentage
        }
        #expect(devPercentage(stored) == devPercentage(excluded))
        #expect(devPercentage(excluded) != devPercentage(healthy), "the Mitigated exemptions must matter")
    }

    @Test(arguments: Backend.all) func aMitigatedExemptionGrantedMidMonthIsExplainedToTheUnit(_ backend: Backend) throws
    {
        let delta = try Self.store(backend).scoreDelta(
            from: Self.date("2026-11-05T12:00:00Z"), to: Self.date("2026-11-06T12:00:00Z"))
        #expect(delta.unexplainedUnits.isEmpty)
        let granted = delta.changes.filter { $0.cause == .exemptionGranted }
        #expect(granted.map(\.resourceId.name) == ["func-payments-events-dev"])
        #expect(granted.first?.after?.exemptionCategory == .mitigated)
        // Excluded, the unhealthy function leaves dev's count like a Waiver does: the move the
        // stored scores made, every unit of it attributed.
        let units = delta.changes.filter { $0.subscriptionId.lowercased() == Self.dev }.reduce(0) { $0 + $1.pointUnits }
        #expect(units == delta.deltaUnits(subscription: Self.dev))
        #expect(units == 6_000)
    }

    @Test(arguments: Backend.all) func theMonthsCausesSumExactlyToTheStoredMove(_ backend: Backend) throws {
        let delta = try Self.store(backend).scoreDelta(
            from: Self.date("2026-11-01T12:00:00Z"), to: Self.date("2026-11-30T23:00:00Z"))
        #expect(delta.unexplainedUnits.isEmpty)
        #expect(delta.unitsByCause.reduce(0) { $0 + $1.units } == delta.totalDeltaUnits)
        for sub in delta.subscriptions {
            let changes = delta.changes.filter { $0.subscriptionId.lowercased() == sub }
                .reduce(0) { $0 + $1.pointUnits }
            #expect(changes == delta.deltaUnits(subscription: sub), "subscription \(sub)")
        }
        var day = Self.date("2026-11-01T12:00:00Z")
        while day < Self.date("2026-11-30T12:00:00Z") {
            let next = day.addingTimeInterval(86_400)
            #expect(try Self.store(backend).scoreDelta(from: day, to: next).unexplainedUnits.isEmpty, "\(day)")
            day = next
        }
    }

    /// Every team value of the trend is what `ScoreCalculator.teamScores` with the tenant's setting
    /// makes of the assessments the score computation read; on some days the current rule differs.
    @Test(arguments: Backend.all) func theTeamTallyEqualsTheScoreCalculatorsTeamScores(_ backend: Backend) throws {
        let store = try Self.store(backend)
        let trend = try store.scoreTrend(
            from: Self.date("2026-11-02T00:00:00Z"), to: Self.date("2026-11-30T00:00:00Z"), every: .day, by: .team)
        let model = try ScoreModel(store: store, version: try store.tenantVersions().last?.version)
        let excluded = ScoreCalculator(catalog: model.catalog, mitigated: .excluded)
        let healthy = ScoreCalculator(catalog: model.catalog, mitigated: .healthy)
        var compared = 0
        var differing = 0
        for (index, at) in trend.samples.enumerated() {
            let score = try #require(try store.latestCycle(of: [.score], visibleAt: at))
            let defender = try #require(try store.latestCycle(of: [.defender], visibleAt: score.start))
            let assessments = try store.assessments(asOfCycle: defender.seq)
            func percentages(_ calculator: ScoreCalculator) -> [String: Double] {
                let teams = calculator.teamScores(
                    assessments, ownership: model.tenant.ownership,
                    resourceType: { $0.resourceType?.lowercased() ?? "" })
                return Dictionary(uniqueKeysWithValues: teams.map { ($0.team, $0.score.score.percentage) })
            }
            let expected = percentages(excluded)
            let actual = Dictionary(
                uniqueKeysWithValues: trend.series.compactMap { line in line.values[index].map { (line.key, $0) } })
            #expect(actual == expected, "\(at)")
            compared += expected.count
            if percentages(healthy) != expected { differing += 1 }
        }
        #expect(compared > 28 * 3)
        #expect(differing > 0, "the setting must change some team's score")
    }

    @Test(arguments: Backend.all) func theMonthlyReviewsTeamScoresFollowTheSetting(_ backend: Backend) throws {
        let month = MonthlyReview.Month(year: 2026, month: 11)
        let at = Self.date("2026-11-30T18:00:00Z")
        let review = try MonthlyReview(store: Self.store(backend), month: month, at: at)
        let score = try #require(try Self.store(backend).latestCycle(of: [.score], visibleAt: at))
        let defender = try #require(try Self.store(backend).latestCycle(of: [.defender], visibleAt: score.start))
        let teams = ScoreCalculator(catalog: review.model.catalog, mitigated: .excluded).teamScores(
            try Self.store(backend).assessments(asOfCycle: defender.seq), ownership: review.model.tenant.ownership,
            resourceType: { $0.resourceType?.lowercased() ?? "" })
        #expect(!teams.isEmpty)
        for team in teams {
            #expect(review.teamScores.first { $0.key == team.team }?.end == team.score.score.percentage, "\(team.team)")
        }
        #expect(review.delta.unexplainedUnits.isEmpty)
    }
}
