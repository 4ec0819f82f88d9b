/// ISO 8601 date-times as seconds since 1970, without Foundation formatters.
enum ISODate {
    /// Parses `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm:ss[.fff][Z|±hh:mm]`.
    static func parse(_ text: String) -> Double? {
        let c = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var n = 0
            for i in from..<(from + count) {
                guard c[i] >= 0x30, c[i] <= 0x39 else { return nil }
                n = n * 10 + Int(c[i] - 0x30)
            }
            return n
        }
        guard let y = num(0, 4), c.count >= 10, c[4] == UInt8(ascii: "-"), let mo = num(5, 2), c[7] == UInt8(ascii: "-"),
            let d = num(8, 2), (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        var seconds = Double(daysFromCivil(y, mo, d)) * 86_400
        guard c.count > 10 else { return seconds }
        guard c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: " "), let h = num(11, 2), c.count > 13,
            c[13] == UInt8(ascii: ":"), let mi = num(14, 2)
        else { return nil }
        var i = 16
        var s = 0
        if i < c.count, c[i] == UInt8(ascii: ":") {
            guard let sec = num(17, 2) else { return nil }
            s = sec
            i = 19
        }
        seconds += Double(h * 3600 + mi * 60 + s)
        if i < c.count, c[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            while i < c.count, c[i] >= 0x30, c[i] <= 0x39 {
                seconds += Double(c[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
        }
        if i < c.count {
            if c[i] == UInt8(ascii: "Z") { return i + 1 == c.count ? seconds : nil }
            guard c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-"), let oh = num(i + 1, 2) else { return nil }
            let om = num(i + 4, 2) ?? num(i + 3, 2) ?? 0
            let offset = Double(oh * 3600 + om * 60)
            seconds += c[i] == UInt8(ascii: "+") ? -offset : offset
        }
        return seconds
    }

    /// `yyyy-MM-ddTHH:mm:ss.fffffffZ`, the form `utcNow()` and `addDays()` return in policy rules,
    /// or a .NET custom pattern made of yyyy, MM, dd, HH, mm, ss and literals.
    static func format(_ seconds: Double, pattern: String? = nil) -> String {
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let rest = whole - days * 86_400
        let (y, m, d) = civilFromDays(days)
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

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
