import Defender
import Foundation
import History
import PolicyModel

extension MonthlyReview {
    /// The forecast reads the last `forecastDays` days, one sample a day.
    package static let forecastDays = 28

    /// Gathers the review of `month` as visible at `at` (see `instant(month:at:lastRecorded:)`).
    /// `goals` are resolved against the tenant recorded at `at`; a scope naming nothing there is a
    /// `GoalsError` in `goalsFile`.
    package init(
        store: any HistoryReading, month: Month, at: Date, goals: [Goal] = [], goalsFile: String = "goals.yaml",
        top: Int = 10
    ) throws {
        self.month = month
        self.at = at
        let monthStart = month.start
        model = try ScoreModel(store: store, at: at)
        let resolved = try GoalResolver(model: model).resolve(goals, file: goalsFile)
        let allScoreCycles = try store.scoreCycles()
        // From the month's start, or from the first score that read assessments when the history
        // begins within the month.
        let firstDefender = try store.cycles().first { $0.kind == .defender }?.visibleAt
        let firstScore =
            firstDefender.flatMap { shown in allScoreCycles.first { $0.start >= shown }?.visibleAt } ?? monthStart
        delta = try store.scoreDelta(from: min(max(monthStart, firstScore), at), to: at, model: model)
        let names = model.tenant.subscriptionNames
        tenant = ScoreRow(
            key: "tenant", label: "Tenant",
            start: delta.from.scores.isEmpty ? nil : delta.from.aggregate.score.percentage,
            end: delta.to.scores.isEmpty ? nil : delta.to.aggregate.score.percentage)
        subscriptions = delta.subscriptions.map { [delta] sub in
            ScoreRow(
                key: sub, label: names[sub] ?? sub,
                start: delta.from.scores.first { $0.subscriptionId.lowercased() == sub }?.score.percentage,
                end: delta.to.scores.first { $0.subscriptionId.lowercased() == sub }?.score.percentage)
        }

        var states = try AssessmentStates(store: store, model: model)
        let windowStart = min(monthStart, at.addingTimeInterval(-Double(Self.forecastDays) * 86_400))
        let firstInWindow = max(
            0, (allScoreCycles.firstIndex { $0.visibleAt > windowStart } ?? allScoreCycles.count) - 1)
        let window = Array(allScoreCycles[firstInWindow...].prefix { $0.visibleAt <= at })
        let figures = try GoalFigures(store: store, goals: resolved, cycles: window, states: &states)
        var reviews = resolved.indices.map { Self.review(resolved[$0], index: $0, figures: figures, at: at) }
        // A goal that holds now, past its deadline, and did not hold before it within the window:
        // look for an earlier instant before the deadline in the rest of the history.
        let earlier = reviews.indices.filter { reviews[$0].status == .missed && reviews[$0].needsEarlierHistory }
        if !earlier.isEmpty, firstInWindow > 0 {
            let before = try GoalFigures(
                store: store, goals: earlier.map { resolved[$0] }, cycles: Array(allScoreCycles[..<firstInWindow]),
                states: &states)
            for (offset, index) in earlier.enumerated()
            where before.points.contains(where: {
                $0.instant < resolved[index].goal.deadline
                    && $0.values[offset].map(resolved[index].goal.target.isReached) == true
            }) {
                reviews[index].status = .met
            }
        }
        self.goals = reviews.map(\.review)

        // Team scores at both ends, the state at the review's instant for recommendations and owners.
        // Mitigated exemptions count as each end's score computation counted them (settings.json).
        let fromSeq = delta.from.defenderCycle?.seq
        let toSeq = delta.to.defenderCycle?.seq
        let fromReading = try store.mitigatedExemptions(version: delta.from.scoreCycle?.tenantVersion)
        let toReading = try store.mitigatedExemptions(version: delta.to.scoreCycle?.tenantVersion)
        var teamStart: [String: Double] = [:]
        var teamEnd: [String: Double] = [:]
        var stateAtEnd: [PairStatus] = []
        try store.forEachAssessmentState(afterCycles: Array(Set([fromSeq, toSeq].compactMap { $0 })).sorted()) {
            seq, state in
            if seq == fromSeq { teamStart = states.tally.percentages(state, mitigated: fromReading) }
            if seq == toSeq {
                teamEnd = states.tally.percentages(state, mitigated: toReading)
                stateAtEnd = state
            }
        }
        teamScores = Set(teamStart.keys).union(teamEnd.keys).sorted(by: Self.teamOrder).map { team in
            ScoreRow(key: team, label: team, start: teamStart[team], end: teamEnd[team])
        }

        let visibility = Dictionary(uniqueKeysWithValues: try store.cycles().map { ($0.seq, $0.visibleAt) })
        var ledger = RemediationLedger()
        if let shown = try store.latestCycle(of: [.defender], visibleAt: at)?.seq {
            ledger = try RemediationLedger(
                store: store, through: shown, visibility: visibility, monthStart: monthStart, context: &states.context)
        }
        teams = Self.leaderboard(delta: delta, ledger: ledger, model: model)
        recommendations = IncreaseTally.rows(stateAtEnd, scores: delta.to.scores, context: &states.context).prefix(top)
            .map { [model] row in
                Recommendation(
                    increase: row.increase,
                    displayName: model.catalog[row.increase.assessmentKey]?.displayName ?? row.increase.assessmentKey,
                    teams: row.teams)
            }
        expiring = try Self.expiring(store: store, month: month, at: at, state: stateAtEnd, states: &states)
    }

    /// Team names in the leaderboard's fallback order: by name, the unowned last.
    static func teamOrder(_ a: String, _ b: String) -> Bool {
        (a == ScoreCalculator.unowned ? 1 : 0, a) < (b == ScoreCalculator.unowned ? 1 : 0, b)
    }

    /// Per team: the points its assessments' moves made in the month (a move belongs to the team
    /// owning its resource's type, else its recommendation's category), and the remediation ledger.
    static func leaderboard(delta: ScoreDelta, ledger: RemediationLedger, model: ScoreModel) -> [TeamRow] {
        let ownership = model.tenant.ownership
        var gained: [String: Int] = [:]
        var lost: [String: Int] = [:]
        // Each type's and each recommendation's team looked up once.
        var typeTeams: [String: String?] = [:]
        var keyTeams: [String: String] = [:]
        for change in delta.changes where change.pointUnits != 0 {
            let type = change.resourceId.resourceType ?? ""
            let byType =
                typeTeams[type]
                ?? {
                    let team = ownership.team(resourceType: type, categories: [])
                    typeTeams[type] = team
                    return team
                }()
            let team =
                byType ?? keyTeams[change.assessmentKey]
                ?? {
                    let categories = model.catalog[change.assessmentKey]?.categories ?? []
                    let team = ownership.team(resourceType: "", categories: categories) ?? ScoreCalculator.unowned
                    keyTeams[change.assessmentKey] = team
                    return team
                }()
            if change.pointUnits > 0 {
                gained[team, default: 0] += change.pointUnits
            } else {
                lost[team, default: 0] += -change.pointUnits
            }
        }
        let names = Set(ownership.teams.map(\.name)).union(gained.keys).union(lost.keys).union(ledger.teams.keys)
        let rows = names.map { team in
            let l = ledger.teams[team] ?? RemediationLedger.Team()
            return TeamRow(
                team: team, gainedUnits: gained[team] ?? 0, lostUnits: lost[team] ?? 0,
                unhealthyHighSeverity: l.openHighSeverity,
                closedHighSeverity: l.closedHighSeverity, remediated: l.daysToRemediate.count,
                medianDaysToRemediate: RemediationLedger.median(l.daysToRemediate))
        }
        return rows.sorted { a, b in
            let (na, nb) = (a.gainedUnits - a.lostUnits, b.gainedUnits - b.lostUnits)
            if na != nb { return na > nb }
            if a.closedHighSeverity != b.closedHighSeverity { return a.closedHighSeverity > b.closedHighSeverity }
            return teamOrder(a.team, b.team)
        }
    }

    /// The exemptions of the tenant recorded at `at` expiring during the month after `month`, with
    /// the teams owning the assessments they exempt there (Exempt assessments under their scope).
    static func expiring(
        store: any HistoryReading, month: Month, at: Date, state: [PairStatus], states: inout AssessmentStates
    ) throws -> [ExpiringExemption] {
        guard let version = try store.tenantVersion(at: at)?.version else { return [] }
        let tenant = try store.snapshot(version: version, kinds: [.exemption, .assignment, .container, .definition])
            .tenant()
        let (start, end) = (month.next.start, month.next.next.start)
        let due = tenant.exemptions.filter { e in e.expiresOn.map { $0 >= start && $0 < end } ?? false }
            .sorted { ($0.expiresOn!, $0.id.key) < ($1.expiresOn!, $1.id.key) }
        guard !due.isEmpty else { return [] }
        let exempt = states.context.texts.first { $0.value == "Exempt" }?.key
        let exemptPairs = exempt.map { exempt in state.filter { $0.code.causeTextId == exempt } } ?? []
        let ids = try store.resourceIds(rows: Set(exemptPairs.map(\.resource)))
        // Each exempted resource once, with its Exempt pairs counted by owning team, grouped by
        // its subscription: a scope in a subscription (not a management group) can only hold the
        // resources of that subscription, so only those are asked.
        var exempted: [String: [(id: ResourceID, teams: [String: Int])]] = [:]
        var current: (row: Int64, id: ResourceID, teams: [String: Int])?
        func flush() {
            guard let done = current else { return }
            exempted[done.id.subscriptionId?.lowercased() ?? "", default: []].append((done.id, done.teams))
        }
        for pair in exemptPairs {
            guard let id = ids[pair.resource] else { continue }
            if current?.row != pair.resource {
                flush()
                current = (pair.resource, ResourceID(id), [:])
            }
            let team = states.context.teams[states.context.team(resource: pair.resource, key: pair.key)]
            current?.teams[team, default: 0] += 1
        }
        flush()
        let everyone = Array(exempted.values.joined())
        return due.map { exemption in
            var counts: [String: Int] = [:]
            let scope = exemption.scope
            let subscription = scope.managementGroup == nil ? scope.subscriptionId?.lowercased() : nil
            for entry in subscription.map({ exempted[$0] ?? [] }) ?? everyone where tenant.isUnder(entry.id, scope) {
                for (team, count) in entry.teams { counts[team, default: 0] += count }
            }
            return ExpiringExemption(
                exemption: exemption, owners: counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key))
        }
    }
}

extension MonthlyReview {
    /// A goal's review while it is being worked out.
    struct Pending {
        var review: GoalReview
        var status: Status {
            get { review.status }
            set { review.status = newValue }
        }
        /// It holds now, its deadline has passed, and the window shows no earlier instant before it.
        var needsEarlierHistory: Bool
    }

    /// The status rules of issue 19 for goal `index` of `figures`:
    /// - met: the figure reached the target at a visible instant on or before `by`, and still holds at `at`;
    /// - missed: `by` has passed without that;
    /// - on track: the forecast's late end is on or before `by`;
    /// - at risk: otherwise (a late end after `by`, no late end, or no forecast).
    static func review(_ goal: ResolvedGoal, index: Int, figures: GoalFigures, at: Date) -> Pending {
        let target = goal.goal.target
        let deadline = goal.goal.deadline
        let current = figures.value(index, at: at)
        let holds = current.map(target.isReached) ?? false
        var metSince: Date?
        if holds {
            for point in figures.points.reversed() where point.instant <= at {
                guard let value = point.values[index], target.isReached(by: value) else { break }
                metSince = point.instant
            }
        }
        let origin = at.addingTimeInterval(-Double(forecastDays) * 86_400)
        var samples: [(t: Double, y: Double)] = []
        for day in 0...forecastDays {
            if let y = figures.value(index, at: origin.addingTimeInterval(Double(day) * 86_400)) {
                samples.append((Double(day), y))
            }
        }
        var review = GoalReview(
            goal: goal, status: .atRisk, current: current, metSince: metSince, forecast: nil, fit: Forecast.fit(samples)
        )
        var earlier = false
        if holds, at < deadline {
            review.status = .met
        } else if holds,
            figures.points.contains(where: {
                $0.instant < deadline && $0.instant <= at && $0.values[index].map(target.isReached) == true
            })
        {
            review.status = .met
        } else if at >= deadline {
            review.status = .missed
            earlier = holds
        } else {
            review.forecast = Forecast.forecast(
                samples, target: target.value, direction: target.direction, origin: origin, nowT: Double(forecastDays))
            review.status = review.forecast?.to.map { $0 < deadline } == true ? .onTrack : .atRisk
        }
        return Pending(review: review, needsEarlierHistory: earlier)
    }
}
