import Foundation

/// The duration notation of schedule files: `90s`, `15m`, `2h`, `1d`, or a combination with the
/// units in descending order, each at most once (`1h30m`, `1d12h`).
package enum DurationText {
    /// Seconds per unit, in the order the units must appear.
    static let units: [(Character, Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// The whole seconds `text` names, or nil when it is not a duration in this notation.
    /// `0s` (or `0m`, ...) is a valid zero duration; whether zero is allowed is up to the key.
    package static func seconds(_ text: String) -> Int? {
        var total = 0
        var number: Int?
        var nextUnit = 0
        var sawUnit = false
        for c in text {
            if let digit = c.wholeNumberValue, c.isASCII {
                let (product, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(digit)
                guard !overflow1, !overflow2 else { return nil }
                number = sum
                continue
            }
            guard let value = number,
                let index = units[nextUnit...].firstIndex(where: { $0.0 == c })
            else { return nil }
            let (part, overflow1) = value.multipliedReportingOverflow(by: units[index].1)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            number = nil
            nextUnit = index + 1
            sawUnit = true
        }
        guard sawUnit, number == nil else { return nil }
        return total
    }

    /// The shortest text of a whole number of seconds in this notation: 5400 → `1h30m`, 0 → `0s`.
    package static func format(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, size) in units where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }
}
