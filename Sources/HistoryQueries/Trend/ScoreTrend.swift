import Defender
import Foundation
import History
import PolicyModel

/// The secure score sampled over time: one value per instant per series.
package struct ScoreTrend: Sendable {
    /// How far apart the samples are.
    package enum Interval: String, Sendable, CaseIterable {
        case day, week, month

        /// The `count`-th sample after `start` (months by the UTC calendar: Jan 31, Feb 28, Mar 31).
        package func sample(_ count: Int, after start: Date) -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            switch self {
            case .day: return start.addingTimeInterval(Double(count) * 86_400)
            case .week: return start.addingTimeInterval(Double(count) * 7 * 86_400)
            case .month: return calendar.date(byAdding: .month, value: count, to: start)!
            }
        }

        /// `start`, then every interval after it up to `end` included.
        package func samples(from start: Date, to end: Date) -> [Date] {
            var result: [Date] = []
            var instant = start
            while instant <= end {
                result.append(instant)
                instant = sample(result.count, after: start)
            }
            return result
        }
    }

    /// What one line of the trend follows.
    package enum Grouping: String, Sendable, CaseIterable {
        /// One line: every subscription in scope together (Defender's weighted aggregate).
        case total
        case subscription, control, team
    }

    /// One line of the chart.
    package struct Series: Sendable, Equatable {
        /// The subscription id, control key or team; `total` for the aggregate.
        package var key: String
        /// What a person reads: a subscription's or control's display name, a team.
        package var label: String
        /// Per sample, the score as a 0–1 ratio; nil where nothing was scored yet.
        package var values: [Double?]
    }

    package var samples: [Date]
    package var series: [Series]
}

extension ScoreTrend {
    /// The weighted aggregate of subscription totals (Defender's model: each subscription's
    /// ratio weighs by its assessed resources); nil without any weight.
    static func aggregate(_ totals: [SubscriptionTotal]) -> Double? {
        let weight = totals.reduce(0) { $0 + $1.weight }
        guard weight > 0 else { return nil }
        let sum = totals.reduce(0.0) { acc, t in
            acc + (t.score.max > 0 ? t.score.current / t.score.max : 0) * Double(t.weight)
        }
        return Figures.rounded(sum / Double(weight))
    }
}
