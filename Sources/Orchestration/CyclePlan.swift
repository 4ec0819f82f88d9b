import Foundation
import History
import PolicyModel
import Scheduling

/// Which cycles are due at `now`: a pure function of the schedule, what the history holds and
/// the clock, so that running twice is running once and a killed run resumes exactly.
///
/// A cycle is due when its results are visible by `now` (start and duration both past) and it is
/// not recorded yet. Due cycles run in visibility order, so nothing ever becomes visible before
/// something recorded earlier. Candidates: the schedule's policy, Defender and score cycles
/// starting at or after the history's `since`; on-demand scans asked for; and, when the schedule
/// re-evaluates changes (`onChange`), one change cycle per new tenant version whose changed
/// resources become visible before the next standard policy cycle's results.
package struct CyclePlan: Sendable {
    package let schedule: Schedule

    package init(schedule: Schedule) {
        self.schedule = schedule
    }

    /// The cycles due at `now`, in execution order.
    package func due(
        now: Date, since: Date, recorded: Set<CycleKey>, scans: [Date],
        changedVersions: [(version: Int, observedAt: Date)]
    ) -> [DueCycle] {
        guard since <= now else { return [] }
        var due: [DueCycle] = []
        let window = since..<now.addingTimeInterval(1)
        for planned in schedule.cycles(in: window) where planned.visibleAt <= now {
            due.append(DueCycle(kind: Cycle.Kind(planned.kind), start: planned.start, visibleAt: planned.visibleAt))
        }
        for scan in scans where scan >= since {
            let planned = schedule.cycle(.policy, startingAt: scan)
            if planned.visibleAt <= now { due.append(DueCycle(kind: .scan, start: scan, visibleAt: planned.visibleAt)) }
        }
        if case .after(let delay) = schedule.onChange {
            for change in changedVersions where change.observedAt >= since {
                let visible = change.observedAt.addingTimeInterval(TimeInterval(delay))
                let standard = schedule.nextCycle(.policy, atOrAfter: change.observedAt).visibleAt
                guard visible < standard, visible <= now else { continue }
                due.append(
                    DueCycle(kind: .change, start: change.observedAt, visibleAt: visible, version: change.version))
            }
        }
        return due.filter { !recorded.contains($0.key) }.sorted()
    }
}
