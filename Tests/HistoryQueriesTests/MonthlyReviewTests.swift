import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import JSONCore
import PolicyModel
import TestSupport
import Testing

/// The review of the demo month (Fixtures/scenarios/demo.json, November 2026) with the demo
/// tenant's goals.yaml. The history ends on 2026-11-30T18:00Z, before the month does.
@Suite struct MonthlyReviewTests {
    static let month = MonthlyReview.Month(year: 2026, month: 11)
    /// The review's instant on each backend: the demo history's last cycle, before the month ends.
    static let instants = PerBackend { backend in
        let last = try DemoHistory.store(backend).cycles().map(\.visibleAt).max()
        return MonthlyReview.instant(month: month, at: nil, lastRecorded: last)!
    }
    static func at(_ backend: Backend) throws -> Date { try instants(backend) }
    static let goals: [Goal] = {
        do {
            return try GoalFile.load(path: TestPaths.fixtures.appendingPathComponent("demo-tenant/goals.yaml").path)
        } catch {
            fatalError("the demo goals do not load: \(error)")
        }
    }()
    /// The review of the demo month on each backend.
    static let reviews = PerBackend { backend in
        try MonthlyReview(store: DemoHistory.store(backend), month: month, at: at(backend), goals: goals)
    }
    static func review(_ backend: Backend) throws -> MonthlyReview { try reviews(backend) }

    static func goal(_ name: String, _ backend: Backend) throws -> MonthlyReview.GoalReview {
        try #require(try review(backend).goals.first { $0.goal.goal.name == name })
    }

    @Test(arguments: Backend.all) func theReviewIsAsOfTheLastRecordedInstantWhenTheHistoryEndsBeforeTheMonth(
        _ backend: Backend
    ) throws {
        let at = try Self.at(backend)
        #expect(at == ISO8601.parse("2026-11-30T18:00:00Z"))
        let later = ISO8601.parse("2026-12-03T08:00:00Z")!
        #expect(
            MonthlyReview.instant(month: Self.month, at: nil, lastRecorded: later)
                == ISO8601.parse("2026-12-01T00:00:00Z"))
        #expect(MonthlyReview.instant(month: Self.month, at: at, lastRecorded: later) == at)
        #expect(MonthlyReview.instant(month: Self.month, at: nil, lastRecorded: nil) == nil)
    }

    /// The demo goals, one of each status.
    @Test(arguments: Backend.all) func theDemoGoalsAreMetOnTrackAtRiskAndMissed(_ backend: Backend) throws {
        #expect(try Self.review(backend).goals.map(\.status) == [.met, .onTrack, .atRisk, .missed])
        #expect(try Self.goal("prod-55", backend).forecast == nil)
        #expect(try Self.goal("identity-50", backend).forecast == nil)
        #expect(try Self.goal("network-no-high", backend).forecast == nil)  // a flat count: not at this pace
        let dev = try Self.goal("dev-25", backend)
        #expect(dev.forecast?.to.map { $0 < dev.goal.goal.deadline } == true)
    }

    /// Each goal's figure equals what the other history queries say at the review's instant.
    @Test(arguments: Backend.all) func currentFiguresAgreeWithTheScoreAndTheAssessments(_ backend: Backend) throws {
        let store = try DemoHistory.store(backend)
        let at = try Self.at(backend)
        let (_, scores) = try #require(try store.scores(visibleAt: at))
        let prod = try #require(
            scores.first { $0.subscriptionId.lowercased() == "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71" })
        #expect(try Self.goal("prod-55", backend).current == prod.score.percentage)
        let dev = try #require(
            scores.first { $0.subscriptionId.lowercased() == "ae354339-4fc6-4e07-97c1-83500eb29e30" })
        #expect(try Self.goal("dev-25", backend).current == dev.score.percentage)
        #expect(abs(try Self.goal("dev-25", backend).gap! - (0.25 - dev.score.percentage)) < 1e-9)

        let model = try Self.review(backend).model
        let assessments = try store.assessments(visibleAt: at)
        let ownership = model.tenant.ownership
        func team(_ a: Assessment) -> String {
            ownership.team(
                resourceType: a.resourceId.resourceType ?? "", categories: model.catalog[a.key]?.categories ?? [])
                ?? ScoreCalculator.unowned
        }
        let networkHigh = assessments.filter {
            $0.status == .unhealthy && model.catalog[$0.key]?.severity == "High" && team($0) == "Network Security Team"
        }
        #expect(try Self.goal("network-no-high", backend).current == Double(networkHigh.count))
        let teams = ScoreCalculator(catalog: model.catalog).teamScores(
            assessments, ownership: ownership, resourceType: { $0.resourceType?.lowercased() ?? "" })
        let identity = try #require(teams.first { $0.team == "Identity Team" })
        #expect(try Self.goal("identity-50", backend).current == identity.score.score.percentage)
    }

    /// Unhealthy counts over a subscription, a management group, the tenant and a control agree
    /// with the assessments visible at the review's instant.
    @Test(arguments: Backend.all) func unhealthyCountsAgreeWithTheAssessmentsInEveryKindOfScope(_ backend: Backend)
        throws
    {
        let store = try DemoHistory.store(backend)
        let at = try Self.at(backend)
        let model = try Self.review(backend).model
        let assessments = try store.assessments(visibleAt: at)
        let unhealthy = assessments.filter { $0.status == .unhealthy }
        let control = try #require(
            unhealthy.compactMap { model.catalog.scoredControl(of: $0.key) }.sorted().first,
            "an unhealthy scored control")
        let severity = try #require(
            unhealthy.first { model.catalog.scoredControl(of: $0.key) == control }
                .flatMap { model.catalog[$0.key]?.severity })
        let goals = try GoalFile.parse(
            """
            goals:
              - {name: prod, scope: contoso-corp-prod, unhealthy: {severity: Medium, atMost: 0}, by: 2027-06-30}
              - {name: zones, scope: contoso-landingzones, unhealthy: {severity: High, atMost: 0}, by: 2027-06-30}
              - {name: all, scope: tenant, unhealthy: {severity: Low, atMost: 0}, by: 2027-06-30}
              - name: control
                scope: {control: \(control)}
                unhealthy: {severity: \(severity), atMost: 0}
                by: 2027-06-30
            """, file: "goals.yaml")
        let review = try MonthlyReview(store: store, month: Self.month, at: at, goals: goals)
        func count(_ severity: String, _ keep: (Assessment) -> Bool) -> Double {
            Double(unhealthy.filter { model.catalog[$0.key]?.severity == severity && keep($0) }.count)
        }
        let landing = Set(
            model.tenant.subscriptions.map { $0.subscriptionId.lowercased() }.filter {
                model.tenant.managementGroupAncestors(ofSubscription: $0).contains("contoso-landingzones")
            })
        #expect(
            review.goals[0].current
                == count("Medium") { $0.subscriptionId.lowercased() == "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71" })
        #expect(review.goals[1].current == count("High") { landing.contains($0.subscriptionId.lowercased()) })
        #expect(review.goals[2].current == count("Low") { _ in true })
        #expect(review.goals[3].current == count(severity) { model.catalog.scoredControl(of: $0.key) == control })
        #expect(review.goals[3].current ?? 0 > 0)
        #expect(review.goals.map(\.current).contains { ($0 ?? 0) > 0 })
    }

    /// The forecast is the least-squares range over the daily trend of the last 28 days, as
    /// `score trend --every day` reads it.
    @Test(arguments: Backend.all) func theForecastReadsTheLastFourWeeksOfTheDailyTrend(_ backend: Backend) throws {
        let store = try DemoHistory.store(backend)
        let at = try Self.at(backend)
        let origin = at.addingTimeInterval(-28 * 86_400)
        let trend = try store.scoreTrend(from: origin, to: at, every: .day, by: .subscription)
        let series = try #require(trend.series.first { $0.key == "ae354339-4fc6-4e07-97c1-83500eb29e30" })
        let points = series.values.enumerated().compactMap { i, v in v.map { (t: Double(i), y: $0) } }
        #expect(points.count == 29)
        let expected = Forecast.forecast(points, target: 0.25, direction: 1, origin: origin, nowT: 28)
        #expect(expected != nil)
        #expect(try Self.goal("dev-25", backend).forecast == expected)
    }

    /// A goal reached before its deadline that still holds is met although the deadline passed;
    /// one reached then but lost since is missed. Targets from the trend itself: half-way between
    /// contoso-corp-prod's peak and its value now.
    @Test(arguments: Backend.all) func aPassedDeadlineIsMetOnlyWhenReachedBeforeItAndStillHeld(_ backend: Backend)
        throws
    {
        let store = try DemoHistory.store(backend)
        let at = try Self.at(backend)
        let start = ISO8601.parse("2026-11-02T00:00:00Z")!
        let trend = try store.scoreTrend(from: start, to: at, every: .day, by: .subscription)
        let prod = try #require(trend.series.first { $0.key == "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71" })
        let values = prod.values.map { $0 ?? 0 }
        let now = try #require(try Self.goal("prod-55", backend).current)
        let peak = try #require(values.indices.max { values[$0] < values[$1] })
        try #require(values[peak] > now + 0.005, "the demo's prod score peaks above its final value")
        let peakDay = LocalDay(containing: trend.samples[peak]).description
        let firstDay = LocalDay(containing: trend.samples[0]).description
        let goals = try GoalFile.parse(
            """
            goals:
              - {name: held, scope: contoso-corp-prod, secureScore: \(now * 100 - 0.5)%, by: \(peakDay)}
              - {name: lost, scope: contoso-corp-prod, secureScore: \((values[peak] + now) * 50)%, by: \(peakDay)}
              - {name: late, scope: contoso-corp-prod, secureScore: \(now * 100 - 0.5)%, by: \(firstDay)}
            """, file: "goals.yaml")
        let review = try MonthlyReview(store: store, month: Self.month, at: at, goals: goals)
        #expect(values[0] < now - 0.005, "the first day is below the final value")
        #expect(review.goals.map(\.status) == [.met, .missed, .missed])
    }

    /// Time to remediate, counted by hand in the demo month. Defender's daily cycle becomes visible
    /// at 09:00 UTC; its first one on 2026-11-01. Unhealthy → Healthy stretches closing in November:
    /// - app-payments-portal-prod, "Web apps should refuse TLS versions older than 1.2": Unhealthy from
    ///   11-01 09:00, fixed by the put of 11-03 10:00, Healthy at 11-04 09:00: 3 days (Application Development);
    /// - func-payments-events-dev, "Function apps should redirect all traffic to HTTPS": Unhealthy from
    ///   11-01, exempted 11-06 (not a remediation), Unhealthy again when the waiver expired, shown
    ///   11-20 09:00, fixed by the put of 11-24 07:00, Healthy at 11-25 09:00: 5 days (Application Development);
    /// - vm-crm-app01, "Virtual machines should have missing system updates installed": 11-01 09:00 → 11-07
    ///   09:00: 6 days (IT/Infrastructure Operations);
    /// - stcrmprodneu, "Storage accounts should only accept secure transfer": 11-01 09:00 → 11-08 09:00:
    ///   7 days (Storage/Infrastructure Team).
    /// Medians: Application Development (3 + 5) / 2 = 4, IT 6, Storage 7; every other team none.
    @Test(arguments: Backend.all) func timeToRemediateMatchesTheHandCountedIntervals(_ backend: Backend) throws {
        let byTeam = Dictionary(uniqueKeysWithValues: try Self.review(backend).teams.map { ($0.team, $0) })
        #expect(byTeam["Application Development"]?.remediated == 2)
        #expect(byTeam["Application Development"]?.medianDaysToRemediate == 4)
        #expect(byTeam["IT/Infrastructure Operations"]?.remediated == 1)
        #expect(byTeam["IT/Infrastructure Operations"]?.medianDaysToRemediate == 6)
        #expect(byTeam["Storage/Infrastructure Team"]?.remediated == 1)
        #expect(byTeam["Storage/Infrastructure Team"]?.medianDaysToRemediate == 7)
        let others = try Self.review(backend).teams.filter {
            !["Application Development", "IT/Infrastructure Operations", "Storage/Infrastructure Team"].contains(
                $0.team)
        }
        #expect(
            others.allSatisfy { $0.remediated == 0 && $0.medianDaysToRemediate == nil && $0.closedHighSeverity == 0 })
        // Closed High-severity: those of the four whose recommendation is High in the catalog.
        let catalog = try Self.review(backend).model.catalog
        func high(_ name: String) -> Int {
            catalog.recommendations.values.first { $0.displayName == name }?.severity == "High" ? 1 : 0
        }
        let appHigh =
            high("Web apps should refuse TLS versions older than 1.2")
            + high("Function apps should redirect all traffic to HTTPS")
        #expect(byTeam["Application Development"]?.closedHighSeverity == appHigh)
        #expect(
            byTeam["IT/Infrastructure Operations"]?.closedHighSeverity
                == high("Virtual machines should have missing system updates installed"))
        #expect(
            byTeam["Storage/Infrastructure Team"]?.closedHighSeverity
                == high("Storage accounts should only accept secure transfer"))
    }

    /// Points per team add up to the month's changes; recommendations equal the calculator's.
    @Test(arguments: Backend.all) func teamPointsAndRecommendationsAgreeWithTheDeltaAndTheCalculator(_ backend: Backend)
        throws
    {
        let store = try DemoHistory.store(backend)
        let at = try Self.at(backend)
        let review = try Self.review(backend)
        let net = review.teams.reduce(0) { $0 + $1.gainedUnits - $1.lostUnits }
        #expect(net == review.delta.changes.reduce(0) { $0 + $1.pointUnits })
        #expect(review.teams.contains { $0.gainedUnits > 0 })
        let assessments = try store.assessments(visibleAt: at)
        let expected = ScoreCalculator(catalog: review.model.catalog).potentialIncreases(assessments).prefix(10)
        #expect(review.recommendations.map(\.increase.assessmentKey) == expected.map(\.assessmentKey))
        #expect(
            review.recommendations.map(\.increase.subscriptionId) == expected.map { $0.subscriptionId.lowercased() })
        #expect(zip(review.recommendations, expected).allSatisfy { abs($0.increase.points - $1.points) < 1e-9 })
        #expect(review.recommendations.allSatisfy { !$0.teams.isEmpty })
        // The resource-group waiver over the payments dev key vault expires 2026-12-10.
        #expect(review.expiring.map(\.exemption.name) == ["payments-dev-kv-hardening"])
        #expect(review.expiring.first?.owners == ["Information/Data Security Team"])
    }

    /// The issue's JSON keys, with the values the review holds.
    @Test(arguments: Backend.all) func theJSONHasTheIssuesShape(_ backend: Backend) throws {
        let text = JSONWriter().string(try Self.review(backend).json)
        let json = try JSONParser.parse(Data(text.utf8))
        guard case .object(let top) = json else {
            Issue.record("not an object")
            return
        }
        #expect(top["month"] == .string("2026-11"))
        #expect(top["at"] == .string("2026-11-30T18:00:00Z"))
        guard case .object = top["score"], case .array(let goals) = top["goals"], case .array(let teams) = top["teams"]
        else {
            Issue.record("score, goals, teams")
            return
        }
        #expect(goals.count == 4)
        for goal in goals {
            guard case .object(let g) = goal else { continue }
            for key in ["name", "status", "current", "target", "by", "forecast"] { #expect(g[key] != nil, "\(key)") }
        }
        guard case .object(let dev) = goals[1], case .object(let forecast) = dev["forecast"] else {
            Issue.record("dev forecast")
            return
        }
        #expect(dev["status"] == .string("on track"))
        #expect(forecast["from"] != nil && forecast["to"] != nil)
        guard case .object(let met) = goals[0] else { return }
        #expect(met["forecast"] == .null)
        #expect(met["by"] == .string("2026-12-31"))
        for team in teams {
            guard case .object(let t) = team else { continue }
            for key in ["team", "pointsGained", "pointsLost", "closedHighSeverity", "medianDaysToRemediate"] {
                #expect(t[key] != nil, "\(key)")
            }
        }
    }
}
