import Foundation
import History
import PolicyModel
import Scheduling

/// Why a calibration cannot be made.
package struct CalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    package var description: String
}

extension HistoryReading {
    /// Fits the tenant's cadence from this store's cycles (open it on the observed stream) over the
    /// last `days` days before its last cycle (all of them when nil), in `timeZone`:
    /// - policy: each cycle starts at its oldest state's timestamp and runs until its newest one;
    /// Ingests of one cycle that became visible less than an hour apart (one subscription's list after
    /// another's) count as one run of it.
    /// - defender: from the `statusChangeDate`s of the assessments each cycle changed (those after
    ///   the previous Defender cycle became visible), pooled over the cycles so that a tenant where
    ///   one or two assessments change a day still fits (`CycleFit.fit(windows:every:timeZone:)`);
    /// - score: when the ingested scores changed, modulo the documented 8-hour recalculation.
    package func calibrate(days: Int?, timeZone: TimeZone) throws -> CalibratedSchedule {
        let all = try cycles()
        guard let last = all.last?.visibleAt else {
            throw CalibrationError(
                description: stream == .observed
                    ? "the history holds no observed cycle to fit; record what Azure showed with "
                        + "`posture ingest states|assessments|scores` (or `posture nightly --observed`)"
                    : "the history holds no cycle")
        }
        let since = days.map { last.addingTimeInterval(-Double($0) * 86_400) } ?? .distantPast
        let recent = all.filter { $0.start >= since }
        // Azure lists per subscription: the ingests of one cycle (minutes apart) are one run of it.
        let policyCycles = Self.runs(of: recent.filter { $0.kind == .policy })
        var defenderWindows: [ChangeWindow] = []
        var defenderDays: [Int: Int] = [:]
        var previous: Date?
        for run in Self.runs(of: all.filter { $0.kind == .defender }) {
            defer { previous = run.visibleAt }
            guard run.start >= since, let previous else { continue }
            var changes: [Date] = []
            for seq in run.seqs { changes += try statusChanges(writtenBy: seq).filter { $0 > previous } }
            guard let low = changes.min(), let high = changes.max() else { continue }
            defenderWindows.append(ChangeWindow(first: low, last: high, count: changes.count))
        }
        for run in Self.runs(of: recent.filter { $0.kind == .defender }) {
            defenderDays[CycleFit.localDay(run.visibleAt, timeZone), default: 0] += 1
        }
        let perDay = defenderDays.values.sorted()
        let defenderEvery = perDay.isEmpty ? 86_400 : 86_400 / Self.dayDivisor(near: perDay[perDay.count / 2])
        let scoreChanges = recent.filter { $0.kind == .score && $0.changedCount > 0 }.map(\.visibleAt)
        guard
            let policy = CycleFit.fit(
                starts: policyCycles.map(\.start),
                durations: policyCycles.map { $0.visibleAt.timeIntervalSince($0.start) },
                every: 86_400, timeZone: timeZone)
        else { throw CalibrationError(description: "no observed policy cycle to fit (ingest policy states)") }
        guard
            let defender = CycleFit.fit(windows: defenderWindows, every: defenderEvery, timeZone: timeZone)
        else {
            throw CalibrationError(
                description:
                    "no observed Defender cycle changed two or more assessments after a first one "
                    + "(ingest assessments daily)"
            )
        }
        guard let score = CycleFit.fit(starts: scoreChanges, durations: [], every: 8 * 3_600, timeZone: timeZone) else {
            throw CalibrationError(
                description: "no observed secure score changed (ingest scores after each Defender cycle)")
        }
        return CalibratedSchedule(timeZone: timeZone, policy: policy, defender: defender, score: score)
    }

    /// Ingests closer than this belong to one run (Azure's cycles run hours apart).
    static var sameRun: TimeInterval { 3_600 }

    /// `cycles` (of one kind, in visibility order) grouped into runs.
    static func runs(of cycles: [Cycle]) -> [CycleRun] {
        var runs: [CycleRun] = []
        for cycle in cycles {
            if let last = runs.last, cycle.visibleAt.timeIntervalSince(last.visibleAt) < sameRun {
                runs[runs.count - 1].start = min(last.start, cycle.start)
                runs[runs.count - 1].visibleAt = max(last.visibleAt, cycle.visibleAt)
                runs[runs.count - 1].seqs.append(cycle.seq)
            } else {
                runs.append(CycleRun(start: cycle.start, visibleAt: cycle.visibleAt, seqs: [cycle.seq]))
            }
        }
        return runs
    }

    /// The divisor of a day (1, 2, 3, 4, 6, 8, 12, 24 cycles) nearest `count`.
    static func dayDivisor(near count: Int) -> Int {
        [1, 2, 3, 4, 6, 8, 12, 24].min { abs($0 - count) < abs($1 - count) } ?? 1
    }
}

/// One run of a cycle as observed: the ingests (cycles of one kind, in order) that became visible
/// less than `sameRun` apart, as one subscription's list after another's: from the first's start
/// to the last's visibility.
struct CycleRun {
    var start: Date
    var visibleAt: Date
    var seqs: [Int]
}
