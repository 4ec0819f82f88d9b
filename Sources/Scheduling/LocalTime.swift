/// A wall-clock time of day in the schedule's time zone, `07:00` or `07:00:30`.
package struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds after local midnight, 0 ..< 86 400.
    package var secondOfDay: Int

    /// The time `hour:minute:second`; nil when a part is out of range.
    package init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        secondOfDay = hour * 3_600 + minute * 60 + second
    }

    /// The time `seconds` after midnight; nil outside 0 ..< 86 400.
    package init?(secondOfDay seconds: Int) {
        guard (0..<86_400).contains(seconds) else { return nil }
        secondOfDay = seconds
    }

    /// Parses `H:MM`, `HH:MM` or `HH:MM:SS` (24-hour clock); nil for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count),
            parts[0].count == 1 || parts[0].count == 2,
            parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute, second: parts.count == 3 ? Int(parts[2]) ?? -1 : 0)
    }

    package static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.secondOfDay < rhs.secondOfDay }

    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
    package var description: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let base = two(secondOfDay / 3_600) + ":" + two(secondOfDay / 60 % 60)
        return secondOfDay % 60 == 0 ? base : base + ":" + two(secondOfDay % 60)
    }
}
