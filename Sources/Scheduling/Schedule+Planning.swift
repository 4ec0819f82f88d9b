import Foundation

/// The pure planner: which cycles a schedule makes, in a range or around an instant.
///
/// Every function here is deterministic and reads no clock. Cycles of one kind that fall on the
/// same instant (two local times in one daylight-saving gap) run once.
extension Schedule {
    /// Every cycle of every kind starting in `range`, in execution order: by start, then policy
    /// before defender before score.
    package func cycles(in range: Range<Date>) -> [PlannedCycle] {
        CycleKind.allCases.flatMap { cycles($0, in: range) }.sorted()
    }

    /// The cycles of `kind` starting in `range`, earliest first.
    package func cycles(_ kind: CycleKind, in range: Range<Date>) -> [PlannedCycle] {
        guard !range.isEmpty else { return [] }
        let from = range.lowerBound.timeIntervalSince1970
        let to = range.upperBound.timeIntervalSince1970
        var out: [PlannedCycle] = []
        for day in (clock.localDay(of: range.lowerBound) - 2)...(clock.localDay(of: range.upperBound) + 2) {
            for start in starts(kind, onDay: day) where Double(start) >= from && Double(start) < to {
                if out.last.map({ Int($0.start.timeIntervalSince1970) == start }) != true {
                    out.append(cycle(kind, startingAt: Date(timeIntervalSince1970: TimeInterval(start))))
                }
            }
        }
        return out
    }

    /// The first cycle of `kind` starting at or after `t`.
    package func nextCycle(_ kind: CycleKind, atOrAfter t: Date) -> PlannedCycle {
        first(kind, from: t) { Double($0) >= t.timeIntervalSince1970 }
    }

    /// The first cycle of `kind` starting strictly after `t`.
    package func nextCycle(_ kind: CycleKind, after t: Date) -> PlannedCycle {
        first(kind, from: t) { Double($0) > t.timeIntervalSince1970 }
    }

    /// The last cycle of `kind` starting strictly before `t`.
    package func lastCycle(_ kind: CycleKind, before t: Date) -> PlannedCycle {
        last(kind, from: t) { Double($0) < t.timeIntervalSince1970 }
    }

    /// The last cycle of `kind` starting at or before `t`.
    package func lastCycle(_ kind: CycleKind, atOrBefore t: Date) -> PlannedCycle {
        last(kind, from: t) { Double($0) <= t.timeIntervalSince1970 }
    }

    /// The start of the last policy cycle strictly before `t`: the default `--since` of `posture run`
    /// on an empty history, so that the first run begins with a whole policy → defender → score chain.
    package func lastPolicyStart(before t: Date) -> Date {
        lastCycle(.policy, before: t).start
    }

    /// The newest scheduled cycle of `kind` whose results are visible at `t` (`visibleAt ≤ t`): what a
    /// reader at `t` sees. A Defender cycle starting at `D` reads `newestVisible(.policy, at: D)`; a
    /// score computation at `C` reads `newestVisible(.defender, at: C)`. On-demand scans are not part
    /// of the schedule: history must also consider any recorded scan visible by `t`.
    package func newestVisible(_ kind: CycleKind, at t: Date) -> PlannedCycle {
        lastCycle(kind, atOrBefore: t.addingTimeInterval(-TimeInterval(cadence(of: kind).duration)))
    }

    /// When a change made at `t` shows in Azure Policy's results.
    ///
    /// With `onChange` off: the visibility of the first policy cycle starting at or after `t` (a
    /// change exactly at a cycle's start is in that cycle). With `onChange: delay`: `t + delay`, or
    /// that cycle's visibility if it comes sooner. `evaluationDelay` (seconds) is an
    /// AuditIfNotExists/DeployIfNotExists policy's `details.evaluationDelay` (default 600, `PT10M`):
    /// the change-triggered evaluation of such a policy checks related resources only after it, so its
    /// result shows at `t + max(delay, evaluationDelay)` at the earliest. It never delays the regular cycle.
    package func policyVisibility(ofChangeAt t: Date, evaluationDelay: Int = 0) -> Date {
        let regular = nextCycle(.policy, atOrAfter: t).visibleAt
        switch onChange {
        case .off: return regular
        case .after(let delay): return min(regular, t.addingTimeInterval(TimeInterval(max(delay, evaluationDelay))))
        }
    }

    /// When a change made at `t` shows in policy states, in Defender's assessments, and in the
    /// secure score, for a recommendation that comes from a policy state (`evaluationDelay` as in
    /// ``policyVisibility(ofChangeAt:evaluationDelay:)``).
    package func visibility(ofChangeAt t: Date, evaluationDelay: Int = 0) -> ChangeVisibility {
        let policy = policyVisibility(ofChangeAt: t, evaluationDelay: evaluationDelay)
        let defender = nextCycle(.defender, atOrAfter: policy).visibleAt
        let score = nextCycle(.score, atOrAfter: defender).visibleAt
        return ChangeVisibility(changedAt: t, policy: policy, defender: defender, score: score)
    }

    // MARK: - Days

    /// The starts (Unix seconds) of `kind` on the local date numbered `day`, earliest first, each once.
    func starts(_ kind: CycleKind, onDay day: Int) -> [Int] {
        let cadence = cadence(of: kind)
        guard cadence.runs(onDay: day) else { return [] }
        var out: [Int] = []
        for time in cadence.timesOfDay {
            let start = clock.instant(day: day, time: time)
            if out.last != start { out.append(start) }
        }
        return out
    }

    private func first(_ kind: CycleKind, from t: Date, where accept: (Int) -> Bool) -> PlannedCycle {
        var day = clock.localDay(of: t) - 2
        while true {
            if let start = starts(kind, onDay: day).first(where: accept) {
                return cycle(kind, startingAt: Date(timeIntervalSince1970: TimeInterval(start)))
            }
            day += 1
        }
    }

    private func last(_ kind: CycleKind, from t: Date, where accept: (Int) -> Bool) -> PlannedCycle {
        var day = clock.localDay(of: t) + 2
        while true {
            if let start = starts(kind, onDay: day).last(where: accept) {
                return cycle(kind, startingAt: Date(timeIntervalSince1970: TimeInterval(start)))
            }
            day -= 1
        }
    }
}
