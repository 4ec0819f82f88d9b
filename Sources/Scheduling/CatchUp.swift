import Foundation

/// The catch-up state machine of `posture run`: which scheduled cycles are due, one at a time, in
/// execution order, resuming from the last one completed.
///
/// ```swift
/// var catchUp = CatchUp(schedule: schedule, position: history.lastScheduledCycle ?? .since(since))
/// while let cycle = catchUp.nextDue(now: now) {
///     try history.write { try runner.execute(cycle) }   // one transaction, records (kind, start)
///     catchUp.complete(cycle)
/// }
/// ```
///
/// After a crash the runner rebuilds the machine from the last cycle history recorded and gets
/// exactly the cycles not yet recorded; once they are done, `nextDue(now:)` is nil until `now`
/// passes the next start. On-demand scans are not scheduled cycles and must not be used as the
/// position.
public struct CatchUp: Sendable, Hashable {
    /// Where the runner is in the plan.
    public enum Position: Sendable, Hashable {
        /// Nothing completed yet: every cycle starting at or after this instant is due.
        case since(Date)
        /// This cycle (kind and scheduled start) was completed: every cycle after it in execution
        /// order is due.
        case completed(CycleKind, start: Date)
    }

    /// The schedule being followed.
    public let schedule: Schedule
    /// The last completed cycle, or where to begin.
    public private(set) var position: Position

    /// A machine following `schedule` from `position`.
    public init(schedule: Schedule, position: Position) {
        self.schedule = schedule
        self.position = position
    }

    /// The first cycle after ``position`` in execution order, if it starts at or before `now`.
    public func nextDue(now: Date) -> PlannedCycle? {
        let next = CycleKind.allCases.map { kind -> PlannedCycle in
            switch position {
            case .since(let since):
                return schedule.nextCycle(kind, atOrAfter: since)
            case .completed(let done, let start):
                // At the completed start, only kinds that run after it at the same instant remain.
                return kind > done
                    ? schedule.nextCycle(kind, atOrAfter: start) : schedule.nextCycle(kind, after: start)
            }
        }.min()!
        return next.start <= now ? next : nil
    }

    /// Records that `cycle` was completed. A cycle at or before the current position changes
    /// nothing, so completing the same cycle twice is harmless.
    public mutating func complete(_ cycle: PlannedCycle) {
        switch position {
        case .since(let since):
            if cycle.start < since { return }
        case .completed(let kind, let start):
            if (cycle.start, cycle.kind.rank) <= (start, kind.rank) { return }
        }
        position = .completed(cycle.kind, start: cycle.start)
    }

    /// Every cycle due at `now`, in execution order: what running the loop to the end would execute.
    public func due(now: Date) -> [PlannedCycle] {
        var machine = self
        var out: [PlannedCycle] = []
        while let cycle = machine.nextDue(now: now) {
            out.append(cycle)
            machine.complete(cycle)
        }
        return out
    }
}
