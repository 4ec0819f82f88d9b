import Defender
import History
import PolicyModel

/// What `ScoreCalculator.teamScores` computes from `Assessment`s, computed from assessment states
/// in integers: every lookup (a resource's subscription and owning team, a key's control and
/// category team) made once per resource or key, then one pass over the pairs per state.
///
/// As there: a pair belongs to the team owning its resource's type, else to the first team
/// listing one of its recommendation's categories, else to no team; per team, a subscription's
/// control counts each resource once, by its worst scored status there; the team's score is the
/// weighted aggregate of its subscriptions.
struct TeamTally {
    private let catalog: RecommendationCatalog
    private(set) var teams: [String]
    private let controls: [ControlDefinition]
    private(set) var subscriptions: [String] = []
    /// By resource row: its subscription's index, or -1 when out of scope or unknown.
    private(set) var subscriptionOf: [Int] = []
    /// By resource row: the team owning its type, or -1.
    private(set) var typeTeamOf: [Int] = []
    /// By key text id: its control's index or -1 (not scored), and its category team; filled as met.
    private var keyInfo: [(control: Int, team: Int)?]
    private let texts: [Int64: String]
    private let ownership: Ownership

    /// `classes` are the history's resource rows (`HistoryReading.resourceClasses`); `keep` tells
    /// the subscriptions to tally. A resource's team is looked up once per distinct type.
    init(
        catalog: RecommendationCatalog, ownership: Ownership, classes: ResourceClasses, texts: [Int64: String],
        keep: (String) -> Bool
    ) {
        self.catalog = catalog
        self.ownership = ownership
        self.texts = texts
        keyInfo = Array(repeating: nil, count: (texts.keys.max().map(Int.init) ?? 0) + 1)
        var names = ownership.teams.map(\.name)
        names.append(ScoreCalculator.unowned)
        teams = names
        controls = catalog.controls.values.sorted { $0.key < $1.key }
        var subscriptionIndex: [String: Int] = [:]
        var subscriptions: [String] = []
        let subscriptionOfClass = classes.subscriptions.map { id -> Int in
            guard keep(id) else { return -1 }
            let sub = id.lowercased()
            if let known = subscriptionIndex[sub] { return known }
            subscriptionIndex[sub] = subscriptions.count
            subscriptions.append(sub)
            return subscriptions.count - 1
        }
        self.subscriptions = subscriptions
        let teamOfType = classes.types.map { type in
            ownership.team(resourceType: type, categories: []).flatMap { names.firstIndex(of: $0) } ?? -1
        }
        let rows = (classes.rows.lazy.map(\.row).max().map(Int.init) ?? -1) + 1
        subscriptionOf = Array(repeating: -1, count: rows)
        typeTeamOf = Array(repeating: -1, count: rows)
        for entry in classes.rows where entry.row >= 0 {
            let sub = subscriptionOfClass[entry.subscription]
            guard sub >= 0 else { continue }
            subscriptionOf[Int(entry.row)] = sub
            typeTeamOf[Int(entry.row)] = teamOfType[entry.type]
        }
    }

    /// Each team's score percentage in `state`, by team name (the teams with any assessment), with
    /// Mitigated exemptions counted as `mitigated` says (the tenant's setting); only the teams named
    /// in `only`, when given (the others' pairs are skipped).
    mutating func percentages(
        _ state: [PairStatus], mitigated: MitigatedExemptions, only: Set<String>? = nil
    ) -> [String: Double] {
        let (teamCount, subCount, controlCount) = (teams.count, subscriptions.count, controls.count)
        let wanted = teams.map { only?.contains($0) ?? true }
        // Per (team, subscription, control): healthy, unhealthy and not-applicable resources.
        var counts = [Int](repeating: 0, count: teamCount * subCount * controlCount * 3)
        var weights = [Int](repeating: 0, count: teamCount * subCount)
        var listed = [Bool](repeating: false, count: teamCount * subCount)
        var present = [Bool](repeating: false, count: teamCount)
        // One resource's worst severity per (team, control): 0 not applicable, 1 healthy, 2 unhealthy.
        var worst = [Int](repeating: -1, count: teamCount * controlCount)
        var touched: [Int] = []
        var assessed = [Bool](repeating: false, count: teamCount)  // the resource counts in the team's weight
        for run in state.resourceRuns() {
            let resource = state[run.lowerBound].resource
            let sub = Int(resource) < subscriptionOf.count ? subscriptionOf[Int(resource)] : -1
            guard sub >= 0 else { continue }
            for pair in state[run] {
                let info = info(pair.key)
                let team = typeTeamOf[Int(resource)] >= 0 ? typeTeamOf[Int(resource)] : info.team
                guard wanted[team] else { continue }
                present[team] = true
                guard info.control >= 0, let status = pair.code.scored(mitigated: mitigated) else { continue }
                let severity = status == .unhealthy ? 2 : status == .healthy ? 1 : 0
                let cell = team * controlCount + info.control
                if worst[cell] < 0 { touched.append(cell) }
                worst[cell] = max(worst[cell], severity)
            }
            for cell in touched {
                let (team, control) = (cell / controlCount, cell % controlCount)
                let severity = worst[cell]
                counts[
                    ((team * subCount + sub) * controlCount + control) * 3 + (severity == 1 ? 0 : severity == 2 ? 1 : 2)
                ] += 1
                listed[team * subCount + sub] = true
                if severity > 0, !assessed[team] {
                    assessed[team] = true
                    weights[team * subCount + sub] += 1
                }
                worst[cell] = -1
            }
            for cell in touched { assessed[cell / controlCount] = false }
            touched.removeAll(keepingCapacity: true)
        }
        var result: [String: Double] = [:]
        let subOrder = subscriptions.indices.sorted { subscriptions[$0] < subscriptions[$1] }
        for team in teams.indices where present[team] {
            let scores = subOrder.filter { listed[team * subCount + $0] }.map { sub in
                SubscriptionScore(
                    subscriptionId: subscriptions[sub],
                    controls: controls.enumerated().map { control, definition in
                        let base = ((team * subCount + sub) * controlCount + control) * 3
                        return ControlScore(
                            key: definition.key, displayName: definition.displayName, maxScore: definition.maxScore,
                            healthy: counts[base], unhealthy: counts[base + 1], notApplicable: counts[base + 2])
                    },
                    weight: weights[team * subCount + sub])
            }
            result[teams[team]] = AggregateScore(subscriptions: scores).score.percentage
        }
        return result
    }

    /// A key's control index (-1: not scored) and category team, looked up once.
    private mutating func info(_ key: Int64) -> (control: Int, team: Int) {
        if Int(key) < keyInfo.count, let known = keyInfo[Int(key)] { return known }
        let text = texts[key] ?? ""
        let control = catalog.scoredControl(of: text).flatMap { key in controls.firstIndex { $0.key == key } } ?? -1
        let team =
            ownership.team(resourceType: "", categories: catalog[text]?.categories ?? []).flatMap(teams.firstIndex)
            ?? teams.count - 1
        if Int(key) < keyInfo.count { keyInfo[Int(key)] = (control, team) }
        return (control, team)
    }
}
