/// When one kind of cycle runs and how long it takes, in the schedule's local time.
///
/// - `at` and `every` are wall-clock: the cycle runs at the local times of day `at + k·every`
///   (modulo a day) when `every` divides a day, or at `at` on every `every / 1 day`-th local date
///   counted from `anchor` when `every` is a whole number of days. Daylight saving time therefore
///   moves the cycles in UTC, and a sub-daily interval that spans a clock change is an hour shorter
///   or longer in elapsed time.
/// - `duration` is elapsed time: results are visible `duration` seconds after the start.
package struct Cadence: Sendable, Hashable {
    /// The first (or only) local time of day of a cycle.
    package let at: LocalTime
    /// Seconds between cycles: a divisor of 86 400 of at least 60, or a multiple of 86 400.
    package let every: Int
    /// Elapsed seconds from a cycle's start until its results are visible (0 or more).
    package let duration: Int
    /// For multi-day cycles, a local date on which a cycle runs; the others follow every
    /// `every / 86 400` days. 1970-01-01 by default. Ignored when `every` is a day or less.
    package let anchor: LocalDate

    /// A cadence; `every` must satisfy ``isValid(every:)`` and `duration` must not be negative.
    package init(at: LocalTime, every: Int, duration: Int, anchor: LocalDate = LocalDate(dayNumber: 0)) {
        precondition(Self.isValid(every: every), "every must divide a day (at least 60 s) or be whole days")
        precondition(duration >= 0, "duration must not be negative")
        self.at = at
        self.every = every
        self.duration = duration
        self.anchor = anchor
    }

    /// The longest `every` a schedule may give: four weeks.
    package static let maximumEvery = 28 * 86_400

    /// Whether `every` divides a day into equal parts of at least a minute, or is a whole number of days.
    package static func isValid(every: Int) -> Bool {
        every >= 60 && (86_400 % every == 0 || every % 86_400 == 0)
    }

    /// How many local dates apart the cycle days are: 1 for a day or less.
    package var dayStride: Int { max(1, every / 86_400) }

    /// The local times of day a cycle runs at on a cycle day, earliest first.
    package var timesOfDay: [LocalTime] {
        guard every < 86_400 else { return [at] }
        return (0..<(86_400 / every))
            .map { LocalTime(secondOfDay: (at.secondOfDay + $0 * every) % 86_400)! }
            .sorted()
    }

    /// Whether the cycle runs on the local date numbered `day`.
    func runs(onDay day: Int) -> Bool {
        let stride = dayStride
        guard stride > 1 else { return true }
        let r = (day - anchor.dayNumber) % stride
        return r == 0
    }
}
