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
    init(store: any HistoryReading, goals: [ResolvedGoal], cycles: [Cycle], states: inout AssessmentStates) throws {
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
        if needsStates {
            let defender = try cycles.map { try states.defenderCycle(readBy: $0) }
            let settings = try store.mitigatedExemptions(of: cycles)
            let reading = cycles.map { settings[$0.seq] ?? .healthy }
            var readings: [Int: Set<MitigatedExemptions>] = [:]
            for case (let seq?, let mitigated) in zip(defender, reading) {
                readings[seq, default: []].insert(mitigated)
            }
            let fromStates = try states.figures(goals, readings: readings)
            points = cycles.enumerated().map { i, cycle in
                Point(
                    instant: cycle.visibleAt,
                    values: Self.values(
                        goals, totals: totals[cycle.seq], controls: pooled[cycle.seq],
                        fromStates: defender[i].flatMap { fromStates[$0]?[reading[i]] }))
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
    let store: any HistoryReading
    let model: ScoreModel
    var context: PairContext
    var tally: TeamTally

    init(store: any HistoryReading, model: ScoreModel) throws {
        self.store = store
        self.model = model
        let texts = try store.assessmentTexts()
        tally = TeamTally(
            catalog: model.catalog, ownership: model.tenant.ownership, classes: try store.resourceClasses(),
            texts: texts, keep: { _ in true })
        context = PairContext(catalog: model.catalog, ownership: model.tenant.ownership, tally: tally, texts: texts)
    }

    /// The Defender cycle a score computation read.
    func defenderCycle(readBy cycle: Cycle) throws -> Int? {
        try store.latestCycle(of: [.defender], visibleAt: cycle.start)?.seq
    }

    /// Per Defender cycle and reading of Mitigated exemptions asked for it in `readings`, each goal's
    /// figure read from the assessments (nil for those read from scores).
    mutating func figures(
        _ goals: [ResolvedGoal], readings: [Int: Set<MitigatedExemptions>]
    ) throws -> [Int: [MitigatedExemptions: [Double?]]] {
        var result: [Int: [MitigatedExemptions: [Double?]]] = [:]
        let scoredTeams = Set(
            goals.compactMap { goal -> String? in
                if case .team(let team) = goal.coverage, case .secureScore = goal.goal.target { team } else { nil }
            })
        var counter = UnhealthyCounter(goals, context: context)
        try store.forEachAssessmentState(afterCycles: readings.keys.sorted()) { seq, state in
            let counts = counter.count(state, context: &context)
            for mitigated in readings[seq] ?? [] {
                let percentages =
                    scoredTeams.isEmpty ? [:] : tally.percentages(state, mitigated: mitigated, only: scoredTeams)
                result[seq, default: [:]][mitigated] = goals.indices.map { i in
                    switch (goals[i].goal.target, goals[i].coverage) {
                    case (.secureScore, .team(let team)): percentages[team]
                    case (.secureScore, _): nil
                    case (.unhealthy, _): Double(counts[i])
                    }
                }
            }
        }
        return result
    }
}

/// Counts, per goal with an `unhealthy` target, the Unhealthy assessments of its severity in its
/// scope, in one pass over a state: each key's matching goals looked up once, each goal's
/// subscriptions as flags by subscription index, its team as an index.
struct UnhealthyCounter {
    private let severities: [String?]
    private let members: [[Bool]?]
    private let teams: [Int?]
    private let controls: [String?]
    /// By key text id: the goals whose severity (and control) the key matches.
    private var matches: [[Int]?] = []

    init(_ goals: [ResolvedGoal], context: PairContext) {
        var severities: [String?] = []
        var members: [[Bool]?] = []
        var teams: [Int?] = []
        var controls: [String?] = []
        for goal in goals {
            guard case .unhealthy(let severity, _) = goal.goal.target else {
                severities.append(nil)
                members.append(nil)
                teams.append(nil)
                controls.append(nil)
                continue
            }
            severities.append(severity)
            switch goal.coverage {
            case .subscriptions(let subs):
                members.append(context.subscriptions.map { subs.contains($0) })
                teams.append(nil)
                controls.append(nil)
            case .team(let team):
                members.append(nil)
                teams.append(context.teams.firstIndex(of: team) ?? -1)
                controls.append(nil)
            case .control(let key):
                members.append(nil)
                teams.append(nil)
                controls.append(key)
            }
        }
        (self.severities, self.members, self.teams, self.controls) = (severities, members, teams, controls)
    }

    /// Per goal (in the order given), its Unhealthy count in `state`; 0 for the other goals.
    mutating func count(_ state: [PairStatus], context: inout PairContext) -> [Int] {
        var counts = [Int](repeating: 0, count: severities.count)
        guard severities.contains(where: { $0 != nil }) else { return counts }
        for pair in state where pair.code.isUnhealthy {
            let goals = matching(pair.key, context: &context)
            guard !goals.isEmpty else { continue }
            let sub = context.subscriptionIndex(pair.resource)
            guard sub >= 0 else { continue }
            for goal in goals {
                if let member = members[goal], !member[sub] { continue }
                if let team = teams[goal], context.team(resource: pair.resource, key: pair.key) != team { continue }
                counts[goal] += 1
            }
        }
        return counts
    }

    private mutating func matching(_ key: Int64, context: inout PairContext) -> [Int] {
        let slot = Int(key)
        if slot >= 0, slot < matches.count, let known = matches[slot] { return known }
        let info = context.info(key)
        let found = severities.indices.filter { goal in
            guard let severity = severities[goal], severity == info.severity else { return false }
            return controls[goal].map { $0 == info.control } ?? true
        }
        if slot >= 0 {
            if slot >= matches.count { matches += Array(repeating: nil, count: slot - matches.count + 1) }
            matches[slot] = found
        }
        return found
    }
}
