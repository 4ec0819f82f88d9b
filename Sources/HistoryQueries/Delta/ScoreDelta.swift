import Defender
import Foundation
import History
import PolicyModel

/// The secure score at two instants, and every assessment move between them with its cause and
/// its effect in points. The effects add up exactly to the delta: each control's move is split
/// over its changes by replaying them one at a time (in resource, then key order) from the first
/// instant's counts, and every point figure is a difference of values rounded to ten-thousandths,
/// so the sums telescope.
package struct ScoreDelta: Sendable {
    /// Point figures are whole ten-thousandths of a point.
    package static let unitsPerPoint = 10_000

    /// One instant's score.
    package struct Side: Sendable {
        package var instant: Date
        /// The score computation visible then (nil before the first).
        package var scoreCycle: Cycle?
        /// The Defender cycle that computation read.
        package var defenderCycle: Cycle?
        /// The scores of the subscriptions in scope, sorted by id.
        package var scores: [SubscriptionScore]

        package init(instant: Date, scoreCycle: Cycle?, defenderCycle: Cycle?, scores: [SubscriptionScore]) {
            self.instant = instant
            self.scoreCycle = scoreCycle
            self.defenderCycle = defenderCycle
            self.scores = scores
        }

        package var aggregate: AggregateScore { AggregateScore(subscriptions: scores) }
    }

    package var from: Side
    package var to: Side
    /// Every move, sorted by subscription, resource and key.
    package var changes: [ScoreChange]
    /// Per subscription, the points the changes do not explain (a control's points moved with no
    /// assessment moving, e.g. when a control's definition changed). Zero when the history is consistent.
    package var unexplainedUnits: [String: Int]

    /// The move of one subscription's points, in ten-thousandths: the sum of its controls'
    /// rounded moves, which is also the sum of its changes plus what they leave unexplained. Where
    /// its controls are not known at either instant (an observed score ingested without them), the
    /// move of the totals Azure gave, which no change explains.
    package func deltaUnits(subscription: String) -> Int {
        let sub = subscription.lowercased()
        let before = from.scores.first { $0.subscriptionId.lowercased() == sub }
        let after = to.scores.first { $0.subscriptionId.lowercased() == sub }
        if before?.controlsKnown == false || after?.controlsKnown == false {
            return Self.units(after?.score.current ?? 0) - Self.units(before?.score.current ?? 0)
        }
        let keys = Set((before?.controls ?? []).map(\.key)).union((after?.controls ?? []).map(\.key))
        return keys.reduce(0) { sum, key in
            sum + Self.units(after?.controls.first { $0.key == key }?.score.current ?? 0)
                - Self.units(before?.controls.first { $0.key == key }?.score.current ?? 0)
        }
    }

    /// The subscriptions (lower-cased, sorted) whose controls are not known at one instant or both:
    /// their moves are not attributed to changes or controls.
    package var subscriptionsWithoutControls: [String] {
        Set((from.scores + to.scores).filter { !$0.controlsKnown }.map { $0.subscriptionId.lowercased() }).sorted()
    }

    /// Every subscription at either instant, sorted.
    package var subscriptions: [String] {
        Set(from.scores.map { $0.subscriptionId.lowercased() }).union(to.scores.map { $0.subscriptionId.lowercased() })
            .sorted()
    }

    /// The move of all subscriptions' points together, in ten-thousandths.
    package var totalDeltaUnits: Int { subscriptions.reduce(0) { $0 + deltaUnits(subscription: $1) } }

    /// Per cause, the sum of its changes' effects in ten-thousandths (every cause, zero or not).
    package var unitsByCause: [(cause: ScoreChange.Cause, units: Int, count: Int)] {
        var sums: [ScoreChange.Cause: (units: Int, count: Int)] = [:]
        for i in changes.indices { sums[changes[i].cause, default: (0, 0)].units += changes[i].pointUnits }
        for i in changes.indices { sums[changes[i].cause, default: (0, 0)].count += 1 }
        return ScoreChange.Cause.allCases.map { ($0, sums[$0]?.units ?? 0, sums[$0]?.count ?? 0) }
    }

    /// Per control key, the sum of its changes' effects over the subscriptions, in ten-thousandths.
    package var unitsByControl: [String: Int] {
        var sums: [String: Int] = [:]
        for i in changes.indices {
            if let control = changes[i].control { sums[control, default: 0] += changes[i].pointUnits }
        }
        return sums
    }

    static func units(_ points: Double) -> Int { Int((points * Double(unitsPerPoint)).rounded()) }
}
