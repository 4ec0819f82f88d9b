import Defender
import Foundation
import FoundationXML
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import Testing

@Suite struct ScoreTrendTests {
    static let since = DemoHistory.date("2026-11-01T12:00:00Z")
    static let until = DemoHistory.date("2026-11-30T12:00:00Z")

    @Test(arguments: Backend.all) func theDailyTotalIsTheScoreVisibleEachDay(_ backend: Backend) throws {
        let trend = try DemoHistory.store(backend).scoreTrend(from: Self.since, to: Self.until, every: .day, by: .total)
        #expect(trend.samples.count == 30)
        let line = try #require(trend.series.first)
        #expect(trend.series.count == 1)
        for (index, at) in trend.samples.enumerated() {
            let stored = try #require(try DemoHistory.store(backend).scores(visibleAt: at))
            #expect(line.values[index] == AggregateScore(subscriptions: stored.scores).score.percentage, "\(at)")
        }
        #expect(line.values.first == 0.4291)  // 42.9 %, as `posture score --db` shows it
    }

    @Test(arguments: Backend.all) func beforeTheFirstScoreThereIsNoValue(_ backend: Backend) throws {
        let trend = try DemoHistory.store(backend).scoreTrend(
            from: DemoHistory.date("2026-10-30T00:00:00Z"), to: DemoHistory.date("2026-11-02T00:00:00Z"), every: .day,
            by: .total)
        // The scenario starts at 11-01 00:00Z; its first score computation is at 02:00Z.
        #expect(trend.series[0].values.prefix(3) == [nil, nil, nil])
        #expect(trend.series[0].values[3] != nil)
    }

    @Test(arguments: Backend.all) func perSubscriptionTheNewSubscriptionStartsOnItsFirstScore(_ backend: Backend) throws
    {
        let trend = try DemoHistory.store(backend).scoreTrend(
            from: Self.since, to: Self.until, every: .week, by: .subscription)
        #expect(
            trend.samples.map { TrendChart.day($0) } == [
                "2026-11-01", "2026-11-08", "2026-11-15", "2026-11-22", "2026-11-29",
            ])
        // Series are labelled "display name (id)", as every output names subscriptions.
        let test = try #require(
            trend.series.first { $0.label == "contoso-corp-test (1d6a8f0e-7c33-4e58-9a61-2f4b8e5c9d17)" })
        #expect(test.values[0] == nil && test.values[1] == nil && test.values[2] != nil)
        let prod = try #require(
            trend.series.first { $0.label == "contoso-corp-prod (6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71)" })
        #expect(prod.values.first == 0.4246)
    }

    @Test(arguments: Backend.all) func perControlAndPerTeamEveryLineHasAValuePerSample(_ backend: Backend) throws {
        for grouping in [ScoreTrend.Grouping.control, .team] {
            let trend = try DemoHistory.store(backend).scoreTrend(
                from: Self.since, to: Self.until, every: .week, by: grouping)
            #expect(trend.series.count > 3, "\(grouping)")
            #expect(trend.series.allSatisfy { $0.values.count == 5 }, "\(grouping)")
        }
    }

    /// The team trend tallies the change log's integer states; every value must be what
    /// `ScoreCalculator.teamScores` makes of the assessments the score computation read.
    @Test(arguments: Backend.all) func perTeamIsWhatTheScoreCalculatorMakesOfEachSample(_ backend: Backend) throws {
        let store = try DemoHistory.store(backend)
        for scope in [nil, Set(["6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"])] as [Set<String>?] {
            let trend = try store.scoreTrend(
                from: Self.since, to: Self.until, every: .day, by: .team, subscriptions: scope)
            let model = try ScoreModel(store: store, version: try store.tenantVersions().last?.version)
            let calculator = ScoreCalculator(catalog: model.catalog)
            var compared = 0
            for (index, at) in trend.samples.enumerated() {
                var expected: [String: Double] = [:]
                if let score = try store.latestCycle(of: [.score], visibleAt: at),
                    let defender = try store.latestCycle(of: [.defender], visibleAt: score.start)
                {
                    let assessments = try store.assessments(asOfCycle: defender.seq).filter {
                        scope?.contains($0.subscriptionId.lowercased()) ?? true
                    }
                    for team in calculator.teamScores(
                        assessments, ownership: model.tenant.ownership,
                        resourceType: { $0.resourceType?.lowercased() ?? "" })
                    {
                        expected[team.team] = team.score.score.percentage
                    }
                }
                let actual = Dictionary(
                    uniqueKeysWithValues: trend.series.compactMap { line in line.values[index].map { (line.key, $0) } })
                #expect(actual == expected, "\(at)")
                compared += expected.count
            }
            #expect(compared > 30 * 3, "teams compared on every day")
        }
    }

    @Test func monthsFollowTheCalendar() {
        let samples = ScoreTrend.Interval.month.samples(
            from: DemoHistory.date("2026-01-31T00:00:00Z"), to: DemoHistory.date("2026-05-01T00:00:00Z"))
        #expect(samples.map { TrendChart.day($0) } == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"])
    }

    @Test(arguments: Backend.all) func theChartIsAWellFormedSVGWithALabelledLinePerSeries(_ backend: Backend) throws {
        let trend = try DemoHistory.store(backend).scoreTrend(
            from: Self.since, to: Self.until, every: .week, by: .subscription)
        let svg = TrendChart(trend: trend, title: "Score <by> subscription & week").svg
        let document = try XMLDocument(xmlString: svg)
        #expect(document.rootElement()?.name == "svg")
        #expect(svg.contains("Score &lt;by&gt; subscription &amp; week"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 4)
        for label in ["contoso-corp-prod", "contoso-corp-dev", "contoso-corp-test", "2026-11-01", "2026-11-29", "100%"]
        {
            #expect(svg.contains(label), "\(label)")
        }
    }
}
