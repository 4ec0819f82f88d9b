import Foundation

/// Every cycle of a schedule over a window, as sorted start instants per kind, optionally with a
/// daily on-demand scan: "the first cycle starting at or after `t`" becomes a binary search, which
/// is what a Monte Carlo over a year of changes asks a few hundred thousand times.
///
/// The starts come from the planner (``Schedule/cycles(_:in:)``), so daylight saving and multi-day
/// cadences follow the same rules; for changes in the window, ``visibility(ofChangeAt:)`` equals
/// ``Schedule/visibility(ofChangeAt:)`` when there is no scan.
package struct CycleTimeline: Sendable {
    /// The local time (in the schedule's time zone) of a daily on-demand policy scan, if any: a
    /// policy cycle started by hand (`Start-AzPolicyComplianceScan`, `posture scan`) every day.
    package let scanAt: LocalTime?
    /// The changes this timeline can follow: every change in it is followed to the score.
    package let window: Range<Date>

    // Unix seconds, ascending.
    private let policyStarts: [Double]
    private let scanStarts: [Double]
    private let defenderStarts: [Double]
    private let scoreStarts: [Double]
    private let policyDuration: Double
    private let defenderDuration: Double
    private let onChangeDelay: Double?

    /// Plans `schedule` (and the daily scan at `scanAt`) far enough past `window` that a change made
    /// at any instant in it reaches the score.
    package init(schedule: Schedule, scanAt: LocalTime? = nil, window: Range<Date>) {
        self.scanAt = scanAt
        self.window = window
        // A change just before the window's end waits at most one period (plus an hour of daylight
        // saving) and one duration per stage: two days of slack on top covers it.
        let margin = CycleKind.allCases.reduce(2 * 86_400) { total, kind in
            let cadence = schedule.cadence(of: kind)
            return total + cadence.every + cadence.duration + 3_600
        }
        let planned = window.lowerBound..<window.upperBound.addingTimeInterval(TimeInterval(margin))
        func starts(_ kind: CycleKind) -> [Double] {
            schedule.cycles(kind, in: planned).map { $0.start.timeIntervalSince1970 }
        }
        policyStarts = starts(.policy)
        defenderStarts = starts(.defender)
        scoreStarts = starts(.score)
        if let scanAt {
            let clock = schedule.clock
            let days = clock.localDay(of: planned.lowerBound)...clock.localDay(of: planned.upperBound)
            scanStarts = days.map { Double(clock.instant(day: $0, time: scanAt)) }
                .filter { planned.contains(Date(timeIntervalSince1970: $0)) }
        } else {
            scanStarts = []
        }
        policyDuration = Double(schedule.policy.duration)
        defenderDuration = Double(schedule.defender.duration)
        if case .after(let delay) = schedule.onChange { onChangeDelay = Double(delay) } else { onChangeDelay = nil }
    }

    /// When a change made at `t` (in ``window``) shows in policy states, in Defender's assessments and
    /// in the secure score: the first policy cycle or scan starting at or after `t` (or the `onChange`
    /// re-evaluation, if sooner), then the first Defender cycle starting at or after that, then the
    /// first score computation at or after that.
    package func visibility(ofChangeAt t: Date) -> ChangeVisibility {
        let (policy, defender, score) = stages(t.timeIntervalSince1970)
        return ChangeVisibility(
            changedAt: t, policy: Date(timeIntervalSince1970: policy), defender: Date(timeIntervalSince1970: defender),
            score: Date(timeIntervalSince1970: score))
    }

    /// Seconds from a change at Unix second `t` until the secure score shows it.
    package func scoreLag(ofChangeAt t: Double) -> Double {
        stages(t).score - t
    }

    private func stages(_ t: Double) -> (policy: Double, defender: Double, score: Double) {
        // The window's end itself is allowed: `lower + u·length` can round up to it.
        precondition(
            (window.lowerBound.timeIntervalSince1970...window.upperBound.timeIntervalSince1970).contains(t),
            "the change is outside the timeline's window")
        var policy = Self.first(policyStarts, atOrAfter: t) + policyDuration
        if !scanStarts.isEmpty { policy = min(policy, Self.first(scanStarts, atOrAfter: t) + policyDuration) }
        if let onChangeDelay { policy = min(policy, t + onChangeDelay) }
        let defender = Self.first(defenderStarts, atOrAfter: policy) + defenderDuration
        return (policy, defender, Self.first(scoreStarts, atOrAfter: defender))
    }

    /// The smallest element of the ascending `starts` that is at least `t` (the window's margin
    /// guarantees there is one).
    private static func first(_ starts: [Double], atOrAfter t: Double) -> Double {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] < t { low = mid + 1 } else { high = mid }
        }
        return starts[low]
    }
}
