import Foundation
import PolicyModel

/// One improvement goal of the monthly review (`goals.yaml`): a figure over a scope, the value it
/// must reach, by when, and who answers for it.
package struct Goal: Sendable, Equatable {
    /// What the goal is about, as written; `GoalResolver` turns it into the assessments it covers.
    package enum Scope: Sendable, Equatable {
        /// Every subscription.
        case tenant
        /// A subscription id, a subscription's display name or a management group (id or name).
        case named(String)
        /// The assessments one team owns (owners.json).
        case team(String)
        /// The assessments of one secure score control (its key).
        case control(String)
    }

    /// What must be reached.
    package enum Target: Sendable, Equatable {
        /// The secure score at least this ratio (0–1).
        case secureScore(Double)
        /// At most this many Unhealthy assessments of this severity (`Low`, `Medium`, `High`).
        case unhealthy(severity: String, atMost: Int)

        /// `+1` when a larger figure is better (a score), `-1` when a smaller one is (a count).
        package var direction: Double {
            if case .secureScore = self { return 1 }
            return -1
        }

        /// The target as a figure (a ratio or a count).
        package var value: Double {
            switch self {
            case .secureScore(let ratio): ratio
            case .unhealthy(_, let atMost): Double(atMost)
            }
        }

        /// Whether `figure` satisfies the target.
        package func isReached(by figure: Double) -> Bool {
            switch self {
            // Scores are stored to four decimals of a ratio: compare at that precision.
            case .secureScore(let ratio): Figures.rounded(figure) >= Figures.rounded(ratio)
            case .unhealthy(_, let atMost): figure <= Double(atMost)
            }
        }
    }

    package var name: String
    package var scope: Scope
    package var target: Target
    /// The last day (UTC) on which the goal may be reached.
    package var by: LocalDay
    package var owner: String?
    /// Where it was written: `goals[2]`, for messages.
    package var path: String

    package init(name: String, scope: Scope, target: Target, by: LocalDay, owner: String?, path: String) {
        self.name = name
        self.scope = scope
        self.target = target
        self.by = by
        self.owner = owner
        self.path = path
    }

    /// The instant the goal's time runs out: the start (UTC) of the day after `by`.
    package var deadline: Date { by.next.start }
}

/// A civil day, read as UTC.
package struct LocalDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    package var dayNumber: Int

    package init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// `2026-12-31`; nil unless it is such a date and the day exists.
    package init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            (1...12).contains(month), (1...CivilCalendar.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        dayNumber = CivilCalendar.dayNumber(year: year, month: month, day: day)
    }

    /// The day an instant falls on (UTC).
    package init(containing instant: Date) {
        dayNumber = Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Midnight UTC at its start.
    package var start: Date { Date(timeIntervalSince1970: Double(dayNumber) * 86_400) }
    package var next: LocalDay { LocalDay(dayNumber: dayNumber + 1) }

    package var description: String {
        let (y, m, d) = CivilCalendar.date(dayNumber: dayNumber)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    package static func < (a: LocalDay, b: LocalDay) -> Bool { a.dayNumber < b.dayNumber }
}
