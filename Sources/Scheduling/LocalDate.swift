import PolicyModel

/// A calendar date in the proleptic Gregorian calendar, without a time zone: `2026-03-29`.
package struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (which is day 0).
    package var dayNumber: Int

    /// The date `year-month-day`; nil when it does not exist.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilCalendar.days(inMonth: month, year: year)).contains(day) else {
            return nil
        }
        dayNumber = CivilCalendar.dayNumber(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01.
    package init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// Parses `YYYY-MM-DD`; nil for anything else.
    package init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The year, month (1–12) and day (1–31).
    package var components: (year: Int, month: Int, day: Int) {
        CivilCalendar.date(dayNumber: dayNumber)
    }

    package static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// `YYYY-MM-DD`.
    package var description: String {
        let (y, m, d) = components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
    }
}
