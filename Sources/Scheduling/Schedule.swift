import Foundation

/// The cycles of Azure Policy and Defender for Cloud as data: when each runs, in which time zone,
/// and how long until its results are visible. Read from `Schedules/*.yaml`
/// (see ``Schedule/init(yaml:file:)``); planned by ``Schedule/cycles(in:)``.
///
/// Visibility is inclusive: results visible at `V` are read by any cycle starting at or after `V`.
/// A policy cycle starting at `S` evaluates the tenant as it was at `S`, including a change made
/// exactly at `S`.
package struct Schedule: Sendable, Hashable {
    /// The zone whose wall clock the `at` times are read in (an IANA name such as Europe/Helsinki).
    package let timeZone: TimeZone
    /// Azure Policy's regular evaluation cycle.
    package let policy: Cadence
    /// Azure Policy's re-evaluation of a changed resource (`policy.onChange` in the file).
    package let onChange: OnChange
    /// Defender for Cloud's assessment cycle.
    package let defender: Cadence
    /// The secure score computation; its `duration` is always 0.
    package let score: Cadence

    let clock: ZonedClock

    /// A schedule from its parts; `score.duration` must be 0.
    package init(timeZone: TimeZone, policy: Cadence, onChange: OnChange, defender: Cadence, score: Cadence) {
        precondition(score.duration == 0, "a score computation is visible when it starts")
        self.timeZone = timeZone
        self.policy = policy
        self.onChange = onChange
        self.defender = defender
        self.score = score
        clock = ZonedClock(timeZone: timeZone)
    }

    /// The cadence of one kind of cycle.
    package func cadence(of kind: CycleKind) -> Cadence {
        switch kind {
        case .policy: policy
        case .defender: defender
        case .score: score
        }
    }

    /// The cycle of `kind` starting at `start`, with its visibility instant. Also how the runner
    /// records an on-demand scan (`posture scan`): `cycle(.policy, startingAt: scanInstant)`.
    package func cycle(_ kind: CycleKind, startingAt start: Date) -> PlannedCycle {
        PlannedCycle(
            kind: kind, start: start, visibleAt: start.addingTimeInterval(TimeInterval(cadence(of: kind).duration)))
    }
}
