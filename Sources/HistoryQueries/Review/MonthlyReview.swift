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
public struct MonthlyReview: Sendable {
    /// A calendar month, UTC.
    public struct Month: Sendable, Equatable, CustomStringConvertible {
        public var year: Int
        public var month: Int

        /// `2026-11`; nil unless it is such a month.
        public init?(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
                parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
            else { return nil }
            self.init(year: year, month: month)
        }

        public init(year: Int, month: Int) {
            self.year = year
            self.month = month
        }

        /// The month an instant falls in (UTC).
        public init(containing instant: Date) {
            let (y, m, _) = CivilCalendar.date(dayNumber: LocalDay(containing: instant).dayNumber)
            self.init(year: y, month: m)
        }

        public var start: Date { LocalDay(dayNumber: CivilCalendar.dayNumber(year: year, month: month, day: 1)).start }
        public var next: Month { month == 12 ? Month(year: year + 1, month: 1) : Month(year: year, month: month + 1) }
        public var previous: Month {
            month == 1 ? Month(year: year - 1, month: 12) : Month(year: year, month: month - 1)
        }
        public var description: String { String(format: "%04d-%02d", year, month) }
    }

    /// One scope's score at the month's start and at the review's instant (0–1; nil: not scored).
    public struct ScoreRow: Sendable, Equatable {
        public var key: String
        public var label: String
        public var start: Double?
        public var end: Double?
    }

    /// The goal statuses of issue 19.
    public enum Status: String, Sendable, CaseIterable {
        case met
        case onTrack = "on track"
        case atRisk = "at risk"
        case missed
    }

    /// One goal's standing.
    public struct GoalReview: Sendable {
        public var goal: ResolvedGoal
        public var status: Status
        /// The figure at the review's instant (a 0–1 score or a count); nil when nothing was scored.
        public var current: Double?
        /// When it was met: the first visible instant from which it has held up to the review's.
        public var metSince: Date?
        /// Nil for met and missed goals, and when the trend points away ("not at this pace").
        public var forecast: Forecast?
        /// The fit the forecast read (nil with fewer than three daily samples).
        public var fit: Forecast.Fit?

        /// How far the figure still is from the target, in the target's direction (0 once reached).
        public var gap: Double? {
            current.map { max(0, $0.distance(to: goal.goal.target.value) * goal.goal.target.direction) }
        }
    }

    /// One team's month.
    public struct TeamRow: Sendable, Equatable {
        public var team: String
        /// Points the team's assessments added to and took from the scores, in ten-thousandths.
        public var gainedUnits: Int
        public var lostUnits: Int
        /// High-severity assessments Unhealthy at the review's instant, and remediated in the month.
        public var unhealthyHighSeverity: Int
        public var closedHighSeverity: Int
        /// Assessments remediated in the month (any severity), and the median days they stayed Unhealthy.
        public var remediated: Int
        public var medianDaysToRemediate: Double?
    }

    /// A recommendation worth points, with its owners.
    public struct Recommendation: Sendable {
        public var increase: PotentialIncrease
        public var displayName: String
        public var teams: [String]
    }

    /// An exemption that expires next month, with the teams owning what it exempts.
    public struct ExpiringExemption: Sendable {
        public var exemption: PolicyExemption
        public var owners: [String]
    }

    public var month: Month
    /// The instant the review is as of.
    public var at: Date
    public var tenant: ScoreRow
    public var subscriptions: [ScoreRow]
    public var teamScores: [ScoreRow]
    /// The month's delta, from its start to the review's instant.
    public var delta: ScoreDelta
    public var goals: [GoalReview]
    /// Most points gained net first.
    public var teams: [TeamRow]
    public var recommendations: [Recommendation]
    public var expiring: [ExpiringExemption]
    public var model: ScoreModel

    /// The instant a review of `month` is as of: `at` when given, else the month's end, or the last
    /// recorded instant when the history ends earlier (nil for an empty history).
    public static func instant(month: Month, at: Date?, lastRecorded: Date?) -> Date? {
        if let at { return at }
        guard let lastRecorded else { return nil }
        return min(month.next.start, lastRecorded)
    }
}
