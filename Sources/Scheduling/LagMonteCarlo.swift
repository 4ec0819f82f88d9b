import Foundation
import PolicyModel

/// The change-to-score lag of changes made at uniformly random instants: pure schedule arithmetic,
/// no engine. Deterministic for a seed (``SplitMix64``), and every timeline sees the same instants,
/// so that schedules compare side by side without sampling noise between them.
package struct LagMonteCarlo: Sendable {
    /// The instants changes are drawn from.
    package let window: Range<Date>
    /// How many changes.
    package let count: Int
    /// The generator's seed.
    package let seed: UInt64

    /// `count` changes (at least one) in `window`, drawn with `seed`.
    package init(window: Range<Date>, count: Int, seed: UInt64) {
        precondition(count > 0, "a Monte Carlo needs at least one change")
        self.window = window
        self.count = count
        self.seed = seed
    }

    /// The calendar year `year` in UTC, 1 January 00:00Z up to the next.
    package static func year(_ year: Int) -> Range<Date> {
        func newYear(_ y: Int) -> Date {
            Date(timeIntervalSince1970: TimeInterval(LocalDate(year: y, month: 1, day: 1)!.dayNumber * 86_400))
        }
        return newYear(year)..<newYear(year + 1)
    }

    /// The change instants, as Unix seconds: `lower + u·length` for successive uniform `u` in [0, 1).
    package func instants() -> [Double] {
        var generator = SplitMix64(seed: seed)
        let lower = window.lowerBound.timeIntervalSince1970
        let length = window.upperBound.timeIntervalSince1970 - lower
        return (0..<count).map { _ in lower + generator.unit() * length }
    }

    /// The distribution of change-to-score lag on each timeline (each must cover ``window``), in order.
    package func scoreLags(_ timelines: [CycleTimeline]) -> [LagDistribution] {
        let instants = instants()
        return timelines.map { timeline in
            precondition(
                timeline.window.lowerBound <= window.lowerBound && window.upperBound <= timeline.window.upperBound,
                "the timeline does not cover the Monte Carlo window")
            return LagDistribution(lags: instants.map { timeline.scoreLag(ofChangeAt: $0) })
        }
    }
}
