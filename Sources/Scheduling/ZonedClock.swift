import Foundation

/// Local wall-clock time in one time zone, turned into instants with fixed rules for the daylight
/// saving transitions:
///
/// - a local time that does not exist (the spring-forward gap, e.g. 03:30 on 2026-03-29 in
///   Europe/Helsinki) becomes the next valid instant, the moment the clocks jump (04:00 EEST = 01:00Z);
/// - a local time that happens twice (the fall-back overlap, e.g. 03:30 on 2026-10-25 in
///   Europe/Helsinki) becomes its first occurrence (03:30 EEST = 00:30Z).
///
/// Dates are proleptic Gregorian; offsets come from Foundation's `TimeZone`.
struct ZonedClock: Sendable, Hashable {
    let timeZone: TimeZone

    /// Seconds the zone is ahead of UTC at the Unix instant `t`.
    func offset(at t: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))
    }

    /// The local date (as a day number) of the instant `date`.
    func localDay(of date: Date) -> Int {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let local = t + offset(at: t)
        return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
    }

    /// The instant of local time `time` on the local date numbered `day` (Unix seconds).
    func instant(day: Int, time: LocalTime) -> Int {
        let wall = day * 86_400 + time.secondOfDay
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        let candidates = Set([wall - before, wall - after]).filter { wall - $0 == offset(at: $0) }
        if let first = candidates.min() { return first }
        // A gap: local time jumps past `wall` at some instant between the two candidates. Find the
        // first instant whose local time is later than `wall`: that is when the clocks jump.
        var low = min(wall - before, wall - after)
        var high = max(wall - before, wall - after)
        guard low + offset(at: low) < wall, high + offset(at: high) > wall else { return wall - before }
        while high - low > 1 {
            let mid = low + (high - low) / 2
            if mid + offset(at: mid) > wall { high = mid } else { low = mid }
        }
        return high
    }
}
