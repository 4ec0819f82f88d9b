import Foundation
import PolicyModel

/// ISO 8601 date-times as seconds since 1970, without Foundation formatters.
enum ISODate {
    /// Parses `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm[:ss[.fff]][Z|±hh:mm]` (PolicyModel's `ISO8601`).
    static func parse(_ text: String) -> Double? {
        ISO8601.parse(text)?.timeIntervalSince1970
    }

    /// `yyyy-MM-ddTHH:mm:ss.fffffffZ`, the form `utcNow()` and `addDays()` return in policy rules,
    /// or a .NET custom pattern made of yyyy, MM, dd, HH, mm, ss and literals.
    static func format(_ seconds: Double, pattern: String? = nil) -> String {
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let rest = whole - days * 86_400
        let (y, m, d) = CivilCalendar.date(dayNumber: days)
        let fraction = Int(((seconds - Double(whole)) * 10_000_000).rounded())
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
