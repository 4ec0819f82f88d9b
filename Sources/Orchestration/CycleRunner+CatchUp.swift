import Foundation
import History
import Scheduling

extension CycleRunner {
    /// The longest catch-up a run does unasked: a year of cycles. Beyond it (a history last run long
    /// ago, or `--since 0001-01-01`) the caller must opt in, since it may run for hours.
    package static let maximumCatchUp: TimeInterval = 366 * 86_400

    /// The instant a run at `now` would catch cycles up from: the last recorded cycle's start, or, for
    /// an empty history, `since` (default: the last policy cycle start before `now`).
    package func catchUpStart(now: Date, since: Date?) throws -> Date {
        if let recorded = try store.since() {
            return try store.lastCycle()?.start ?? recorded
        }
        return since ?? plan.schedule.lastPolicyStart(before: now)
    }
}
