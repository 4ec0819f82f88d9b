import Defender
import Foundation
import History
import PolicyModel

/// The monthly review (seed 004: "a regular cadence, typically monthly, to review the secure score
/// and plan initiatives with specific improvement goals"), entirely from history as visible at
/// each instant: the score at the month's start and end, the month's delta with its causes, each
/// goal's status and forecast, the team leaderboard, the recommendations worth the most points,
/// and the exemptions that expire next month. Rendering lives in the `+JSON`, `+Markdown` and
/// `+HTML` extensions.
package struct MonthlyReview: Sendable {
    /// A calendar month, UTC.
    package struct Month: Sendable, Equatable, CustomStringConvertible {
        package var year: Int
        package var month: Int

        /// `2026-11`; nil unless it is such a month.
        package init?(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
            else { return nil }
            self.init(year: year, month: month)
        }

        package init(year: Int, month: Int) {
            self.year = year
            self.month = month
        }

        /// The month an instant falls in (UTC).
        package init(containing instant: Date) {
            let (y, m, _) = CivilCalendar.date(dayNumber: LocalDay(containing: instant).dayNumber)
            self.init(year: y, month: m)
        }

        package var start: Date { LocalDay(dayNumber: CivilCalendar.dayNumber(year: year, month: month, day: 1)).start }
        package var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
        package var previous: Month {
            month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1)
        }
        package var description: String { String(format: "%04d-%02d", year, month) }
    }

    /// One scope's score at the month's start and at the review's instant (0–1; nil: not scored).
    package struct ScoreRow: Sendable, Equatable {
        package var key: String
        package var label: String
        package var start: Double?
        package var end: Double?
    }

    /// The goal statuses of issue 19.
    package enum Status: String, Sendable, CaseIterable {
        case met
        case onTrack = "on track"
        case atRisk = "at risk"
        case missed
    }

    /// One goal's standing.
    package struct GoalReview: Sendable {
        package var goal: ResolvedGoal
        package var status: Status
        /// The figure at the review's instant (a 0–1 score or a count); nil when nothing was scored.
        package var current: Double?
        /// When it was met: the first visible instant from which it has held up to the review's.
        package var metSince: Date?
        /// Nil for met and missed goals, and when the trend points away ("not at this pace").
        package var forecast: Forecast?
        /// The fit the forecast read (nil with fewer than three daily samples).
        package var fit: Forecast.Fit?

        /// How far the figure still is from the target, in the target's direction (0 once reached).
        package var gap: Double? {
            current.map { max(0, $0.distance(to: goal.goal.target.value) * goal.goal.target.direction) }
        }
    }

    /// One team's month.
    package struct TeamRow: Sendable, Equatable {
        package var team: String
        /// Points the team's assessments added to and took from the scores, in ten-thousandths.
        package var gainedUnits: Int
        package var lostUnits: Int
        /// High-severity assessments Unhealthy at the review's instant, and remediated in the month.
        package var unhealthyHighSeverity: Int
        package var closedHighSeverity: Int
        /// Assessments remediated in the month (any severity), and the median days they stayed Unhealthy.
        package var remediated: Int
        package var medianDaysToRemediate: Double?
    }

    /// A recommendation worth points, with its owners.
    package struct Recommendation: Sendable {
        package var increase: PotentialIncrease
        package var displayName: String
        package var teams: [String]
    }

    /// An exemption that expires next month, with the teams owning what it exempts.
    package struct ExpiringExemption: Sendable {
        package var exemption: PolicyExemption
        package var owners: [String]
    }

    package var month: Month
    /// The instant the review is as of.
    package var at: Date
    package var tenant: ScoreRow
    package var subscriptions: [ScoreRow]
    package var teamScores: [ScoreRow]
    /// The month's delta, from its start to the review's instant.
    package var delta: ScoreDelta
    package var goals: [GoalReview]
    /// Most points gained net first.
    package var teams: [TeamRow]
    package var recommendations: [Recommendation]
    package var expiring: [ExpiringExemption]
    package var model: ScoreModel

    /// The instant a review of `month` is as of: `at` when given, else the month's end, or the last
    /// recorded instant when the history ends earlier (nil for an empty history).
    package static func instant(month: Month, at: Date?, lastRecorded: Date?) -> Date? {
        if let at { return at }
        guard let lastRecorded else { return nil }
        return min(month.next.start, lastRecorded)
    }
}
