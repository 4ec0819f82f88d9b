import Defender
import Foundation
import History
import HistoryQueries
import PolicyModel
import Scheduling

/// A year of daily history for the tenant, for the query stages: the tenant recorded once, then
/// 365 days each with a Defender cycle (1% of the resources changing every day, each flipping one
/// of its assessments between healthy and unhealthy, written through `recordDefenderCycle` as a
/// run would) and a score computation. Kept in `--work` and reused by later runs on the same
/// tenant; built (and timed) only when `build` is set (`--history-year`), as it takes about
/// 4 s a day at 100,000 resources.
struct HistoryYearStage: BenchStage {
    let name = "history year (build or reuse)"
    let floors: [Floor] = []
    let work: String
    let build: Bool
    static let days = 365
    static let firstDay = ISO8601.parse("2026-01-01T00:00:00Z")!

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant, var assessments = state.assessments, let catalog = state.catalog else {
            return .failed("needs the Defender cycle")
        }
        let path =
            work + "/posture-bench-year-1pct-" + URL(fileURLWithPath: state.tenantPath).lastPathComponent + ".sqlite"
        state.historyYearPath = path
        do {
            if let store = try? HistoryStore(path: path), try store.scoreCycles().count == Self.days {
                progress("history year: reusing \(path)")
                return .measured(
                    Measurement(
                        seconds: 0, items: Self.days, unit: "days (reused)", peakBytes: Meter.peakResidentBytes()))
            }
            guard build else {
                state.historyYearPath = nil
                return .notBuiltYet(
                    "no year of history in --work yet: build it once with --history-year (about 4 s a simulated day at 100,000 resources)"
                )
            }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            let m = try Meter.measure(unit: "days") {
                let store = try HistoryStore(path: path)
                _ = try store.recordTenant(TenantSnapshot(tenant), observedAt: Self.firstDay)
                let calculator = ScoreCalculator(catalog: catalog)
                let subscriptions = tenant.subscriptions.map(\.subscriptionId)
                var random = SplitMix64(seed: 1)
                // 1% of the resources change a day; each change flips one of the resource's
                // healthy or unhealthy assessments (a fix or a regression).
                let byResource = Dictionary(
                    grouping: assessments.indices.filter { assessments[$0].status != .notApplicable }
                ) {
                    assessments[$0].resourceId.key
                }.values.sorted { $0[0] < $1[0] }
                for day in 0..<Self.days {
                    let midnight = Self.firstDay.addingTimeInterval(Double(day) * 86_400)
                    if day > 0 {
                        for _ in 0..<max(1, tenant.resources.count / 100) {
                            let flippable = byResource[Int(random.next() % UInt64(byResource.count))]
                            let i = flippable[Int(random.next() % UInt64(flippable.count))]
                            assessments[i].status = assessments[i].status == .healthy ? .unhealthy : .healthy
                            assessments[i].statusChangeDate = midnight
                        }
                    }
                    try store.recordDefenderCycle(
                        NewCycle(
                            kind: .defender, start: midnight + 8 * 3600, visibleAt: midnight + 9 * 3600,
                            tenantVersion: 1),
                        assessments: assessments)
                    try store.recordScoreCycle(
                        NewCycle(
                            kind: .score, start: midnight + 10 * 3600, visibleAt: midnight + 10 * 3600, tenantVersion: 1
                        ),
                        scores: calculator.scores(assessments, subscriptions: subscriptions))
                }
                try store.checkpoint()
                return Self.days
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            progress("history year: \(path), \(size / 1_000_000) MB")
            return .measured(m)
        } catch {
            return .failed("\(error)")
        }
    }
}

extension HistoryYearStage {
    /// Times a query over the year (median of 5 runs): `query` gets the store, noon of the first
    /// day and noon of the last, and returns its item count.
    static func timeQuery(
        _ state: BenchState, unit: String, _ query: (HistoryStore, Date, Date) throws -> Int
    ) -> StageOutcome {
        guard let path = state.historyYearPath else {
            return .notBuiltYet("needs the year of history (--history-year)")
        }
        do {
            let store = try HistoryStore(path: path)
            let from = firstDay + 12 * 3600
            let to = from + Double(days - 1) * 86_400
            return .measured(try Meter.median(runs: 5, unit: unit) { try query(store, from, to) })
        } catch {
            return .failed("\(error)")
        }
    }
}

/// `score delta` across the whole year of `HistoryYearStage`: both scores, every move, causes.
struct ScoreDeltaQueryStage: BenchStage {
    let name = "score delta across a year"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        HistoryYearStage.timeQuery(state, unit: "changes") { store, from, to in
            try store.scoreDelta(from: from, to: to).changes.count
        }
    }
}

/// `score trend --every day` over the whole year of `HistoryYearStage`.
struct ScoreTrendQueryStage: BenchStage {
    let name = "score trend, daily over a year"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        HistoryYearStage.timeQuery(state, unit: "samples") { store, from, to in
            try store.scoreTrend(from: from, to: to, every: .day, by: .total).samples.count
        }
    }
}

/// What `score delta` adds when resources appeared or disappeared: whether each existed in the
/// tenant version (`HistoryStore.existing`), asked of every resource the year's delta moved
/// (about 37,000 keys: each id as a resource and as a container).
struct ExistenceQueryStage: BenchStage {
    let name = "existence of the delta's resources"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let path = state.historyYearPath else {
            return .notBuiltYet("needs the year of history (--history-year)")
        }
        do {
            let store = try HistoryStore(path: path)
            let from = HistoryYearStage.firstDay + 12 * 3600
            let delta = try store.scoreDelta(from: from, to: from + Double(HistoryYearStage.days - 1) * 86_400)
            let keys = Set(delta.changes.map(\.resourceId.key)).sorted().flatMap {
                [TenantSnapshot.Key(kind: .resource, id: $0), TenantSnapshot.Key(kind: .container, id: $0)]
            }
            return .measured(
                try Meter.median(runs: 5, unit: "keys") {
                    _ = try store.existing(keys, inVersions: [1])
                    return keys.count
                })
        } catch {
            return .failed("\(error)")
        }
    }
}

/// `posture review` of the year's November (as visible at its end), with a goal of each kind the
/// tenant allows: the tenant's score, a subscription's score, a control's, the first team's score
/// and its High-severity Unhealthy count (owners.json), so every figure path is read.
struct ReviewQueryStage: BenchStage {
    let name = "monthly review of November"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let path = state.historyYearPath else {
            return .notBuiltYet("needs the year of history (--history-year)")
        }
        do {
            let store = try HistoryStore(path: path)
            let month = MonthlyReview.Month(year: 2026, month: 11)
            let at = month.next.start
            let model = try ScoreModel(store: store, at: at)
            let by = LocalDay(dayNumber: LocalDay(containing: at).dayNumber + 90)
            var goals: [Goal] = []
            func add(_ scope: Goal.Scope, _ target: Goal.Target = .secureScore(0.9)) {
                let path = "goals[\(goals.count)]"
                goals.append(Goal(name: path, scope: scope, target: target, by: by, owner: nil, path: path))
            }
            add(.tenant)
            if let sub = model.tenant.subscriptions.first { add(.named(sub.subscriptionId)) }
            if let control = model.catalog.controls.keys.sorted().first { add(.control(control)) }
            if let team = model.tenant.ownership.teams.first?.name {
                add(.team(team))
                add(.team(team), .unhealthy(severity: "High", atMost: 0))
            }
            return .measured(
                try Meter.median(runs: 5, unit: "goals") {
                    let review = try MonthlyReview(store: store, month: month, at: at, goals: goals)
                    _ = review.markdown
                    return review.goals.count
                })
        } catch {
            return .failed("\(error)")
        }
    }
}
