import Foundation

/// A cycle's cadence fitted from observed instants: its time of day (`at`), its running time and
/// how well the samples support them. Robust by construction: the time of day is the circular
/// median of the start times (a cycle that straddles midnight, 23:50 one day and 00:10 the next,
/// fits 00:00, not the noon an average would give), the duration the plain median.
package struct CycleFit: Sendable, Equatable {
    /// The fitted start, local time in the schedule's time zone (to the minute).
    package var at: LocalTime
    /// The period the fit is taken over (seconds): starts are compared modulo it.
    package var every: Int
    /// The fitted running time (seconds, to the minute); nil when no sample gives one.
    package var duration: Int?
    /// The days with at least one sample (a sample counts for the day of the cycle nearest it).
    package var days: Int
    /// How many start samples support `at`.
    package var samples: Int
    /// The median circular distance of the starts from `at`, in minutes.
    package var spreadMinutes: Double
    /// The median distance of the durations from `duration`, in minutes (nil without durations).
    package var durationSpreadMinutes: Double?

    /// Fits `starts` (instants) and `durations` (seconds) in `timeZone` over a period of `every`
    /// seconds (a divisor of a day, or a day); nil without starts.
    package static func fit(starts: [Date], durations: [Double], every: Int, timeZone: TimeZone) -> CycleFit? {
        let period = max(60, min(every, 86_400))
        let local = starts.map { localSecond($0, timeZone) }
        guard let center = circularMedian(local.map { $0.second % period }, period: period) else { return nil }
        let at = (center + 30) / 60 * 60 % period
        let deviations = local.map { Double(circularDistance($0.second % period, at, period: period)) / 60 }
        let duration = median(durations.filter { $0.isFinite && $0 >= 0 })
        let durationSpread = duration.map { d in median(durations.map { abs($0 - d) / 60 }) ?? 0 }
        // A sample's day is the day of the cycle it belongs to: 23:55 belongs to a 00:00 cycle's next day.
        let days = Set(local.map { Int(((Double($0.day * 86_400 + $0.second - at) + 43_200) / 86_400).rounded(.down)) })
        return CycleFit(
            at: LocalTime(secondOfDay: at) ?? LocalTime(secondOfDay: 0)!, every: period,
            duration: duration.map { Int(($0 / 60).rounded()) * 60 }, days: days.count,
            samples: starts.count, spreadMinutes: median(deviations) ?? 0, durationSpreadMinutes: durationSpread)
    }

    /// The local day number of an instant in `timeZone`.
    package static func localDay(_ date: Date, _ timeZone: TimeZone) -> Int { localSecond(date, timeZone).day }

    /// (local day number, second of that local day) of an instant.
    static func localSecond(_ date: Date, _ timeZone: TimeZone) -> (day: Int, second: Int) {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        guard seconds.isFinite, abs(seconds) < 1e15 else { return (0, 0) }
        let whole = Int(seconds.rounded(.down))
        let day = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        return (day, whole - day * 86_400)
    }

    /// The distance between two points on a circle of `period` seconds.
    static func circularDistance(_ a: Int, _ b: Int, period: Int) -> Int {
        let d = abs(a - b) % period
        return min(d, period - d)
    }

    /// The sample that minimizes the sum of circular distances to the others (a circular median),
    /// the earliest such on ties; nil when empty.
    static func circularMedian(_ values: [Int], period: Int) -> Int? {
        var best: (cost: Int, value: Int)?
        for candidate in Set(values).sorted() {
            let cost = values.reduce(0) { $0 + circularDistance($1, candidate, period: period) }
            if best == nil || cost < best!.cost { best = (cost, candidate) }
        }
        return best?.value
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// A schedule fitted from a tenant's observed cycles, written in the format of `Schedules/*.yaml`
/// with, as comments, how many days and samples support each figure and their spread.
package struct CalibratedSchedule: Sendable, Equatable {
    package var timeZone: TimeZone
    package var policy: CycleFit
    package var defender: CycleFit
    package var score: CycleFit

    package init(timeZone: TimeZone, policy: CycleFit, defender: CycleFit, score: CycleFit) {
        self.timeZone = timeZone
        self.policy = policy
        self.defender = defender
        self.score = score
    }

    /// The schedule YAML; `origin` says where the samples came from (a comment line).
    package func yaml(origin: String) -> String {
        func comment(_ name: String, _ fit: CycleFit) -> String {
            let spread = Self.minutes(fit.spreadMinutes)
            func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            var line = "# \(name): \(count(fit.days, "day")), \(count(fit.samples, "sample"))"
            line += "; at spread ±\(spread) min"
            if let spread = fit.durationSpreadMinutes { line += ", duration spread ±\(Self.minutes(spread)) min" }
            return line
        }
        func duration(_ fit: CycleFit) -> String {
            DurationText.format(max(60, min(fit.duration ?? 3_600, fit.every)))
        }
        let every = (policy: DurationText.format(policy.every), defender: DurationText.format(defender.every))
        return """
            # Calibrated by `posture calibrate` from \(origin).
            # Each figure is the robust centre of the observed samples (circular median of start times,
            # median of running times); spread is the median distance of the samples from it.
            \(comment("policy", policy)) (from the policy states' timestamps)
            \(comment("defender", defender)) (from the statusChangeDate of assessments that changed)
            \(comment("score", score)) (from when the ingested scores changed)
            # onChange is off: daily exports cannot see change-triggered evaluations.
            timeZone: \(timeZone.identifier)
            policy:   {at: "\(policy.at)", every: \(every.policy), duration: \(duration(policy)), onChange: off}
            defender: {at: "\(defender.at)", every: \(every.defender), duration: \(duration(defender))}
            score:    {at: "\(score.at)", every: \(DurationText.format(score.every))}

            """
    }

    static func minutes(_ value: Double) -> String {
        String(format: "%.0f", value.isFinite ? value : 0)
    }
}
