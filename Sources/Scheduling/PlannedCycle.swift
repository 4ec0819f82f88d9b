import Foundation
import PolicyModel

/// One cycle of the plan: what runs, when it starts, and when its results become visible.
///
/// Cycles order by `start`, then by kind (policy, defender, score). The runner executes due cycles in
/// visibility order instead (`Orchestration.CyclePlan`), which differs only when cycles overlap.
package struct PlannedCycle: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What runs.
    package var kind: CycleKind
    /// The instant the cycle reads its inputs as of: the tenant (policy), the visible policy states
    /// and findings (defender) or the visible assessments (score).
    package var start: Date
    /// The instant its results become visible to readers: `start + duration` (score: `start`).
    package var visibleAt: Date

    /// A cycle; ``Schedule/cycle(_:startingAt:)`` fills `visibleAt` from the schedule.
    package init(kind: CycleKind, start: Date, visibleAt: Date) {
        self.kind = kind
        self.start = start
        self.visibleAt = visibleAt
    }

    package static func < (lhs: PlannedCycle, rhs: PlannedCycle) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.kind < rhs.kind
    }

    /// `policy 2026-03-30T04:00:00Z → 2026-03-30T06:00:00Z`.
    package var description: String {
        "\(kind) \(ISO8601.format(start)) → \(ISO8601.format(visibleAt))"
    }
}
