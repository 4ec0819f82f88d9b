import Defender
import Foundation
import History
import PolicyModel

/// Each goal's figure at every score computation in a stretch of history, as visible when that
/// computation became visible: a score from the stored scores (subscriptions, management groups,
/// the tenant, a control) or from the assessments of the Defender cycle it read (a team's score,
/// Unhealthy counts). Figures only change at those instants, so these points are every value
/// the figure took.
struct GoalFigures {
    /// One point: when it became visible, and each goal's figure then (nil: nothing scored yet).
    struct Point {
        var instant: Date
        var values: [Double?]
    }

    var points: [Point]

    /// The figures of `goals` at each of `cycles` (score computations, in visibility order).
    init(store: HistoryStore, goals: [ResolvedGoal], cycles: [Cycle], states: inout AssessmentStates) throws {
        guard !cycles.isEmpty, !goals.isEmpty else {
            points = cycles.map { Point(instant: $0.visibleAt, values: goals.map { _ in nil }) }
            return
        }
        let seqs = cycles.map(\.seq)
        let totals = try store.scoreTotals(cycles: seqs)
        let needsControls = goals.contains {
            if case .control = $0.coverage, case .secureScore = $0.goal.target { true } else { false }
        }
        let pooled =
            needsControls
            ? try store.scores(cycles: seqs).mapValues { AggregateScore(subscriptions: $0).controls } : [:]
        let needsStates = goals.contains { goal in
            if case .unhealthy = goal.goal.target { return true }
            if case .team = goal.coverage { return true }
            return false
        }
        var fromStates: [Int: [Double?]] = [:]
        if needsStates {
            let defender = try cycles.map { try states.defenderCycle(readBy: $0) }
            fromStates = try states.figures(goals, afterCycles: Array(Set(defender.compactMap { $0 })).sorted())
            points = cycles.enumerated().map { i, cycle in
                Point(
                    instant: cycle.visibleAt,
                    values: Self.values(
                        goals, totals: totals[cycle.seq], controls: pooled[cycle.seq],
                        fromStates: defender[i].flatMap { fromStates[$0] }))
            }
        } else {
            points = cycles.map { cycle in
                Point(
                    instant: cycle.visibleAt,
                    values: Self.values(goals, totals: totals[cycle.seq], controls: pooled[cycle.seq], fromStates: nil))
            }
        }
    }

    private static func values(
        _ goals: [ResolvedGoal], totals: [SubscriptionTotal]?, controls: [ControlScore]?, fromStates: [Double?]?
    ) -> [Double?] {
        goals.enumerated().map { i, goal in
            switch (goal.goal.target, goal.coverage) {
            case (.secureScore, .subscriptions(let subs)):
                return totals.flatMap { t in
                    ScoreTrend.aggregate(t.filter { subs.contains($0.subscriptionId.lowercased()) })
                }
            case (.secureScore, .control(let key)):
                return controls?.first { $0.key == key && $0.counts }.map { $0.score.percentage }
            default:
                return fromStates?[i]
            }
        }
    }

    /// The figure of goal `index` visible at `instant`: the last point at or before it.
    func value(_ index: Int, at instant: Date) -> Double? {
        var low = 0
        var high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].instant <= instant { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? points[low - 1].values[index] : nil
    }
}

/// The assessment states the review reads (through the change log), with the lookups they need.
struct AssessmentStates {
    let store: HistoryStore
    let model: ScoreModel
    var context: PairContext
    var tally: TeamTally
    let resources: [Int64: (id: String, subscriptionId: String)]

    init(store: HistoryStore, model: ScoreModel) throws {
        self.store = store
        self.model = model
        let dictionaries = try store.assessmentDictionaries()
        resources = dictionaries.resources
        context = PairContext(
            catalog: model.catalog, ownership: model.tenant.ownership, resources: dictionaries.resources,
            texts: dictionaries.texts)
        tally = TeamTally(
            catalog: model.catalog, ownership: model.tenant.ownership, resources: dictionaries.resources,
            texts: dictionaries.texts, keep: { _ in true })
    }

    /// The Defender cycle a score computation read.
    func defenderCycle(readBy cycle: Cycle) throws -> Int? {
        try store.latestCycle(of: [.defender], visibleAt: cycle.start)?.seq
    }

    /// Per Defender cycle, each goal's figure read from the assessments (nil for those read from scores).
    mutating func figures(_ goals: [ResolvedGoal], afterCycles seqs: [Int]) throws -> [Int: [Double?]] {
        var result: [Int: [Double?]] = [:]
        let teamScores = goals.contains {
            if case .team = $0.coverage, case .secureScore = $0.goal.target { true } else { false }
        }
        try store.forEachAssessmentState(afterCycles: seqs) { seq, state in
            let percentages = teamScores ? tally.percentages(state) : [:]
            let counts = unhealthyCounts(state)
            result[seq] = goals.map { goal in
                switch (goal.goal.target, goal.coverage) {
                case (.secureScore, .team(let team)): return percentages[team]
                case (.secureScore, _): return nil
                case (.unhealthy(let severity, _), .subscriptions(let subs)):
                    return Double(subs.reduce(0) { $0 + (counts.bySubscription[severity + "|" + $1] ?? 0) })
                case (.unhealthy(let severity, _), .team(let team)):
                    return Double(counts.byTeam[severity + "|" + team] ?? 0)
                case (.unhealthy(let severity, _), .control(let key)):
                    return Double(counts.byControl[severity + "|" + key] ?? 0)
                }
            }
        }
        return result
    }

    /// Unhealthy assessments by severity and subscription, team, control (`severity|name` keys).
    mutating func unhealthyCounts(
        _ state: [PairStatus]
    ) -> (bySubscription: [String: Int], byTeam: [String: Int], byControl: [String: Int]) {
        var bySubscription: [String: Int] = [:]
        var byTeam: [String: Int] = [:]
        var byControl: [String: Int] = [:]
        for pair in state where pair.code.isUnhealthy {
            let info = context.info(pair.key)
            guard let sub = context.subscription(pair.resource) else { continue }
            bySubscription[info.severity + "|" + sub, default: 0] += 1
            let team = context.teams[context.team(resource: pair.resource, key: pair.key)]
            byTeam[info.severity + "|" + team, default: 0] += 1
            if let control = info.control { byControl[info.severity + "|" + control, default: 0] += 1 }
        }
        return (bySubscription, byTeam, byControl)
    }
}
