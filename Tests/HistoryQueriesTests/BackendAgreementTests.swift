import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import Testing

/// The demo month read back from SQLite and from PostgreSQL: every question of the history API,
/// and the queries built on it, get the same answer from both, at every cycle's edges (the instant
/// it becomes visible and the moment before) and every day. Where PostgreSQL is not installed
/// there is nothing to compare.
@Suite(.enabled(if: Backend.all.contains(.postgres), "PostgreSQL (initdb, pg_ctl) is not installed"))
struct BackendAgreementTests {
    static func stores() throws -> (sqlite: any HistoryReading, postgres: any HistoryReading) {
        (try DemoHistory.store(.sqlite), try DemoHistory.store(.postgres))
    }

    /// Noon of each day from the day before the month to the day after.
    static let days = (0..<33).map { DemoHistory.date("2026-10-31T12:00:00Z").addingTimeInterval(Double($0) * 86_400) }

    @Test func theRunsVersionsAndCyclesAreTheSame() throws {
        let (sqlite, postgres) = try Self.stores()
        let cycles = try sqlite.cycles()
        #expect(cycles.count > 150)
        #expect(try postgres.cycles() == cycles)
        #expect(try postgres.tenantVersions() == sqlite.tenantVersions())
        #expect(try postgres.since() == sqlite.since())
        #expect(try postgres.scanRequests() == sqlite.scanRequests())
        #expect(try postgres.firstVisible() == sqlite.firstVisible())
        #expect(try postgres.latestInstant() == sqlite.latestInstant())
        #expect(try postgres.lastCycle() == sqlite.lastCycle())
        #expect(try postgres.scoreCycles() == sqlite.scoreCycles())
        for day in Self.days {
            #expect(try postgres.recordedStarts(since: day) == sqlite.recordedStarts(since: day), "\(day)")
        }
        for kind in Cycle.Kind.allCases {
            #expect(try postgres.cycles(of: kind, last: 7) == sqlite.cycles(of: kind, last: 7), "\(kind)")
        }
        for cycle in cycles {
            #expect(try postgres.unevaluatedPolicies(seq: cycle.seq) == sqlite.unevaluatedPolicies(seq: cycle.seq))
        }
        for version in try sqlite.tenantVersions().map(\.version) {
            #expect(try postgres.changes(in: version) == sqlite.changes(in: version), "version \(version)")
            #expect(try postgres.snapshot(version: version) == sqlite.snapshot(version: version), "version \(version)")
        }
    }

    /// What was visible at each cycle's edges and each noon: the cycles, the tenant version, the
    /// results and the scores; and each noon's mismatches.
    @Test func whatWasVisibleIsTheSameAtEveryEdge() throws {
        let (sqlite, postgres) = try Self.stores()
        let cycles = try sqlite.cycles().filter { $0.kind != .score }
        let instants = Set(cycles.flatMap { [$0.visibleAt, $0.visibleAt.addingTimeInterval(-0.001)] } + Self.days)
        for at in instants.sorted() {
            #expect(try postgres.tenantVersion(at: at) == sqlite.tenantVersion(at: at), "\(at)")
            #expect(try postgres.latestPolicyCycle(visibleAt: at) == sqlite.latestPolicyCycle(visibleAt: at), "\(at)")
            for kinds in [[.defender], [.score], [.policy, .scan]] as [Set<Cycle.Kind>] {
                #expect(
                    try postgres.latestCycle(of: kinds, visibleAt: at) == sqlite.latestCycle(of: kinds, visibleAt: at),
                    "\(kinds) at \(at)")
            }
            #expect(try postgres.policyResults(visibleAt: at) == sqlite.policyResults(visibleAt: at), "\(at)")
            #expect(try postgres.assessments(visibleAt: at) == sqlite.assessments(visibleAt: at), "\(at)")
            let (a, b) = (try sqlite.scores(visibleAt: at), try postgres.scores(visibleAt: at))
            #expect(a?.cycle == b?.cycle && a?.scores == b?.scores, "\(at)")
        }
        for day in Self.days {
            #expect(try postgres.mismatches(at: day) == sqlite.mismatches(at: day), "\(day)")
        }
    }

    /// The results after each cycle, the change log and the moves the score delta replays.
    @Test func theResultsAfterEachCycleAndTheChangeLogAreTheSame() throws {
        let (sqlite, postgres) = try Self.stores()
        let cycles = try sqlite.cycles()
        for cycle in cycles where cycle.kind != .score {
            #expect(try postgres.policyResults(asOfCycle: cycle.seq) == sqlite.policyResults(asOfCycle: cycle.seq))
            #expect(try postgres.assessments(asOfCycle: cycle.seq) == sqlite.assessments(asOfCycle: cycle.seq))
            #expect(try postgres.statusChanges(writtenBy: cycle.seq) == sqlite.statusChanges(writtenBy: cycle.seq))
        }
        let defender = cycles.filter { $0.kind == .defender }.map(\.seq)
        func states(_ store: any HistoryReading) throws -> [[PairStatus]] {
            var all: [[PairStatus]] = []
            try store.forEachAssessmentState(afterCycles: defender) { _, state in all.append(state) }
            return all
        }
        func changes(_ store: any HistoryReading) throws -> [[PairChange]] {
            var all: [[PairChange]] = []
            try store.forEachAssessmentChange(throughCycle: defender.last ?? 0) { _, changes in all.append(changes) }
            return all
        }
        #expect(try states(postgres) == states(sqlite))
        #expect(try changes(postgres) == changes(sqlite))
        #expect(try postgres.assessmentTexts() == sqlite.assessmentTexts())
        let (a, b) = (try sqlite.resourceClasses(), try postgres.resourceClasses())
        #expect(a.subscriptions == b.subscriptions && a.types == b.types)
        #expect(
            a.rows.map { "\($0.row) \($0.subscription) \($0.type)" }
                == b.rows.map { "\($0.row) \($0.subscription) \($0.type)" })
        #expect(
            try postgres.resourceIds(rows: Set(a.rows.map(\.row))) == sqlite.resourceIds(rows: Set(a.rows.map(\.row))))
        for (from, to) in zip([0] + defender, defender) + [(defender[0], defender[defender.count - 1])] {
            let (x, y) = (
                try sqlite.assessmentMoves(fromCycle: from, toCycle: to),
                try postgres.assessmentMoves(fromCycle: from, toCycle: to)
            )
            #expect(x.keys == y.keys && x.subscriptions == y.subscriptions, "\(from)→\(to)")
            #expect(
                x.resources.map { "\($0.id) \($0.subscription) \($0.pairs)" }
                    == y.resources.map { "\($0.id) \($0.subscription) \($0.pairs)" }, "\(from)→\(to)")
            #expect(
                x.pairs.map { "\($0.key) \($0.before) \($0.after) \(String(describing: $0.movedIn))" }
                    == y.pairs.map { "\($0.key) \($0.before) \($0.after) \(String(describing: $0.movedIn))" },
                "\(from)→\(to)")
        }
        let scores = try sqlite.scoreCycles().map(\.seq)
        #expect(try postgres.scoreTotals(cycles: scores) == sqlite.scoreTotals(cycles: scores))
        #expect(try postgres.scores(cycles: scores) == sqlite.scores(cycles: scores))
    }

    /// Each day's score delta, exemption report and trend.
    @Test func theQueriesAnswerAlikeEveryDay() throws {
        let (sqlite, postgres) = try Self.stores()
        for (day, next) in zip(Self.days, Self.days.dropFirst()) {
            let (a, b) = (try sqlite.scoreDelta(from: day, to: next), try postgres.scoreDelta(from: day, to: next))
            #expect(a.changes == b.changes && a.totalDeltaUnits == b.totalDeltaUnits, "\(day)")
            func entries(_ store: any HistoryReading) throws -> [String] {
                try store.exemptionReport(at: day, expiringWithin: 15 * 86_400)?.entries.map {
                    "\($0.exemption.name) \($0.status) \($0.coveredResources) \(String(describing: $0.compliantAnyway))"
                } ?? []
            }
            #expect(try entries(postgres) == entries(sqlite), "\(day)")
        }
        for grouping in [ScoreTrend.Grouping.total, .subscription, .control, .team] {
            let (first, last) = (Self.days[0], Self.days[Self.days.count - 1])
            let a = try sqlite.scoreTrend(from: first, to: last, every: .day, by: grouping)
            let b = try postgres.scoreTrend(from: first, to: last, every: .day, by: grouping)
            #expect(a.samples == b.samples && a.series == b.series, "\(grouping)")
        }
    }
}
