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
    /// - defender: each cycle's window from the `statusChangeDate`s of the assessments it changed
    ///   (those after the previous Defender cycle became visible); n such dates spread over a
    ///   window of length d give the window as (min − r/(n−1), r·(n+1)/(n−1)) with r = max − min,
    ///   the unbiased range estimate for uniform samples; cycles with fewer than 2 are left out;
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
        let policyCycles = recent.filter { $0.kind == .policy }
        var defenderStarts: [Date] = []
        var defenderDurations: [Double] = []
        var defenderDays: [Int: Int] = [:]
        var previous: Date?
        for cycle in all where cycle.kind == .defender {
            defer { previous = cycle.visibleAt }
            guard cycle.start >= since, let previous else { continue }
            let changes = try statusChanges(writtenBy: cycle.seq).filter { $0 > previous }
            guard changes.count >= 2, let low = changes.min(), let high = changes.max() else { continue }
            let range = high.timeIntervalSince(low)
            let n = Double(changes.count)
            defenderStarts.append(low.addingTimeInterval(-range / (n - 1)))
            defenderDurations.append(range * (n + 1) / (n - 1))
        }
        for cycle in recent where cycle.kind == .defender {
            defenderDays[CycleFit.localDay(cycle.visibleAt, timeZone), default: 0] += 1
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
            let defender = CycleFit.fit(
                starts: defenderStarts, durations: defenderDurations, every: defenderEvery, timeZone: timeZone)
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

    /// The divisor of a day (1, 2, 3, 4, 6, 8, 12, 24 cycles) nearest `count`.
    static func dayDivisor(near count: Int) -> Int {
        [1, 2, 3, 4, 6, 8, 12, 24].min { abs($0 - count) < abs($1 - count) } ?? 1
    }
}
