import Defender
import Foundation
import History
import PolicyModel

/// What the static report shows, gathered from history as visible at one instant: the score
/// trend, the last period's delta with its causes, the recommendations worth the most points,
/// and the exemptions that expire soon.
package struct PostureReport: Sendable {
    package var now: Date
    package var database: String
    package var trend: ScoreTrend
    package var delta: ScoreDelta
    package var increases: [PotentialIncrease]
    package var expiring: [PolicyExemption]
    package var model: ScoreModel
    /// The monthly review with its goals, shown as a section when goals are given.
    package var review: MonthlyReview?
    /// The assigned policies the newest engine policy cycle visible at `now` did not evaluate,
    /// and how many were assigned: the results below leave them out.
    package var unevaluated: [UnevaluatedPolicy] = []
    package var assignedPolicies: Int?

    /// Gathers the report: the trend from the first score computation (at most `trendDays` back),
    /// the delta over the last `deltaDays`, the top `top` potential increases, exemptions
    /// expiring within `expiringDays`, and, when `goals` are given, the review of the month of `now`.
    package init(
        store: any HistoryReading, now: Date, trendDays: Int = 90, deltaDays: Int = 7, top: Int = 10,
        expiringDays: Int = 30,
        goals: [Goal]? = nil, goalsFile: String = "goals.yaml"
    ) throws {
        self.now = now
        database = store.location
        let version = try store.tenantVersion(at: now)?.version
        model = try ScoreModel(store: store, version: version)
        let first = try store.scoreCycles().first?.visibleAt ?? now
        let start = max(first, now.addingTimeInterval(-Double(trendDays) * 86_400))
        let days = Int((now.timeIntervalSince(start) / 86_400).rounded(.down))
        trend = try store.scoreTrend(
            from: now.addingTimeInterval(-Double(days) * 86_400), to: now, every: .day, by: .subscription, model: model)
        delta = try store.scoreDelta(from: now.addingTimeInterval(-Double(deltaDays) * 86_400), to: now, model: model)
        let assessments = try store.assessments(visibleAt: now)
        increases = Array(model.calculator.potentialIncreases(assessments).prefix(top))
        let exemptions =
            try version.map {
                try store.snapshot(version: $0, kinds: [.exemption, .assignment, .container, .definition]).tenant()
                    .exemptions
            } ?? []
        if let policyCycle = try store.latestPolicyCycle(visibleAt: now) {
            assignedPolicies = policyCycle.assignedPolicies
            unevaluated = try store.unevaluatedPolicies(seq: policyCycle.seq)
        }
        expiring = exemptions.filter { $0.expires(within: Double(expiringDays) * 86_400, of: now) }
            .sorted { ($0.expiresOn!, $0.id.key) < ($1.expiresOn!, $1.id.key) }
        if let goals {
            // The month the instant closes (a report at midnight on the 1st reviews the month before).
            let month = MonthlyReview.Month(containing: now.addingTimeInterval(-1))
            review = try MonthlyReview(
                store: store, month: month, at: now, goals: goals, goalsFile: goalsFile, top: top)
        }
    }
}
