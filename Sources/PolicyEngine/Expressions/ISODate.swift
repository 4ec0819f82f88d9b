import Foundation
import PolicyModel

/// ISO 8601 date-times as seconds since 1970, without Foundation formatters.
enum ISODate {
    /// Parses `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm[:ss[.fff]][Z|±hh:mm]` (PolicyModel's `ISO8601`).
    static func parse(_ text: String) -> Double? {
        ISO8601.parse(text)?.timeIntervalSince1970
    }

    /// The first and the last instant .NET's `DateTime` holds (0001-01-01 to 9999-12-31), in seconds since 1970.
    static let earliest: Double = -62_135_596_800
    static let latest: Double = 253_402_300_799

    /// Whether `seconds` names a date ARM can hold (years 1 to 9999).
    static func isInRange(_ seconds: Double) -> Bool {
        seconds.isFinite && seconds >= earliest && seconds <= latest
    }

    /// `yyyy-MM-ddTHH:mm:ss.fffffffZ`, the form `utcNow()` and `addDays()` return in policy rules,
    /// or a .NET custom pattern made of yyyy, MM, dd, HH, mm, ss and literals.
    /// Instants outside ``isInRange(_:)`` print as the nearest one inside it.
    static func format(_ time: Double, pattern: String? = nil) -> String {
        let seconds = time.isNaN ? 0 : Swift.min(Swift.max(time, earliest), latest)
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let rest = whole - days * 86_400
        let (y, m, d) = CivilCalendar.date(dayNumber: days)
        let fraction = Swift.min(9_999_999, Int(((seconds - Double(whole)) * 10_000_000).rounded()))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let parts: [String: String] = [
            "yyyy": String(y), "MM": two(m), "dd": two(d), "HH": two(rest / 3600), "mm": two(rest % 3600 / 60),
            "ss": two(rest % 60),
        ]
        guard let pattern else {
            let f = String(fraction)
            return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))."
                + String(repeating: "0", count: 7 - f.count) + f + "Z"
        }
        var out = ""
        var p = pattern[...]
        outer: while !p.isEmpty {
            for token in ["yyyy", "MM", "dd", "HH", "mm", "ss"] where p.hasPrefix(token) {
                out += parts[token]!
                p = p.dropFirst(token.count)
                continue outer
            }
            out.append(p.removeFirst())
        }
        return out
    }
}
