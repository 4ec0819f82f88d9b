public import Foundation

/// ISO 8601 dates as Azure writes them (`2020-12-31T23:59:00.0000000Z`,
/// `2026-11-01T07:00:00+02:00`, `2026-11-01`), parsed and printed without a
/// calendar or locale, so results never depend on the machine's settings.
/// Output is always UTC: `2026-11-21T05:16:47Z`.
public enum ISO8601 {
    /// The instant a string names, or nil when it is not ISO 8601. A date without a time is midnight UTC;
    /// a time without an offset is taken as UTC. Year 0, a leap second (`:60`) and offsets beyond ±14:00
    /// (the widest any time zone uses) are refused.
    public static func parse(_ text: String) -> Date? {
        parse(text, requiringZone: false)
    }

    /// The instant a timestamp of Azure's output names: a date, a time and a zone (`Z` or `±hh:mm`), as
    /// every Azure API writes them; nil for anything less. A time without a zone would be read in no
    /// particular zone, so observed data refuses it rather than guess UTC.
    public static func parseInstant(_ text: String) -> Date? {
        parse(text, requiringZone: true)
    }

    private static func parse(_ text: String, requiringZone: Bool) -> Date? {
        let b = Array(text.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: Character) -> Bool {
            guard i < b.count, b[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), year >= 1, expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            (1...12).contains(month), (1...CivilCalendar.days(inMonth: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(CivilCalendar.dayNumber(year: year, month: month, day: day)) * 86_400
        if i == b.count { return requiringZone ? nil : Date(timeIntervalSince1970: seconds) }
        guard expect("T") || expect("t") || expect(" "), let hour = digits(2), expect(":"), let minute = digits(2),
            hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(":") {
            guard let second = digits(2), second < 60 else { return nil }
            seconds += Double(second)
            if expect(".") || expect(",") {
                var scale = 0.1
                var any = false
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                    seconds += Double(b[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        if i == b.count { return requiringZone ? nil : Date(timeIntervalSince1970: seconds) }
        if expect("Z") || expect("z") { return i == b.count ? Date(timeIntervalSince1970: seconds) : nil }
        guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign: Double = b[i] == UInt8(ascii: "+") ? 1 : -1
        i += 1
        guard let oh = digits(2) else { return nil }
        _ = expect(":")
        guard let om = digits(2), i == b.count, om < 60, oh * 60 + om <= Self.maximumOffsetMinutes else { return nil }
        return Date(timeIntervalSince1970: seconds - sign * Double(oh * 3600 + om * 60))
    }

    /// The widest UTC offset in use (Kiribati's +14:00), in minutes.
    public static let maximumOffsetMinutes = 14 * 60

    /// The UTC text of an instant: `2026-11-21T05:16:47Z`, with milliseconds only when they are not zero.
    public static func format(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var whole = t.rounded(.down)
        var millis = Int(((t - whole) * 1000).rounded())
        if millis == 1000 {
            whole += 1
            millis = 0
        }
        let total = Int(whole)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondOfDay = total - days * 86_400
        let (y, m, d) = CivilCalendar.date(dayNumber: days)
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        out += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if millis != 0 { out += "." + pad(millis, 3) }
        return out + "Z"
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
