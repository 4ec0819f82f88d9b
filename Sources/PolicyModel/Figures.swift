import Foundation

/// How every output writes a figure: ratios rounded to four decimals, percents, signed changes in points.
/// Renderers call these instead of formatting numbers themselves, so a figure reads the same everywhere.
package enum Figures {
    /// `value` rounded half away from zero to `digits` decimals; ratios are written to four
    /// (`0.8765`), as Defender's API reports a secure score's percentage.
    package static func rounded(_ value: Double, digits: Int = 4) -> Double {
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    /// How a percent's one decimal is made.
    package enum PercentStyle: Sendable {
        /// `printf`'s `%.1f` of the percent: the reports, the review, deltas and trend charts.
        case printf
        /// The ratio rounded half away from zero to a tenth of a percent, in Swift's shortest
        /// form: the score and team tables.
        case rounded
    }

    /// A 0–1 ratio as a percent with one decimal: `87.5%`.
    package static func percent(_ ratio: Double, _ style: PercentStyle = .printf) -> String {
        switch style {
        case .printf: String(format: "%.1f%%", ratio * 100)
        case .rounded: String((ratio * 1000).rounded() / 10) + "%"
        }
    }

    /// Points with two decimals, unsigned: `12.34` (tables and reports).
    package static func points(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// How a signed change is written.
    package enum SignStyle: Sendable {
        /// Every decimal of the unit, exact from the integer, with a hyphen-minus: `+1.2345`, `-0.0500`,
        /// `0.0000` (text, CSV: what a script reads).
        case exact
        /// Two decimals with the typographic minus sign U+2212: `+1.23`, `−0.05` (Markdown and HTML reports).
        case typographic
    }

    /// `units` (`perUnit` of them make one point: a power of ten) as signed points.
    package static func signedPoints(_ units: Int, perUnit: Int, _ style: SignStyle) -> String {
        let magnitude = units.magnitude
        let text: String
        switch style {
        case .exact:
            let per = UInt(perUnit)
            let fraction = String(magnitude % per)
            let digits = String(per).count - 1
            text = "\(magnitude / per)." + String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        case .typographic:
            text = String(format: "%.2f", Double(magnitude) / Double(perUnit))
        }
        return sign(units < 0, units > 0, style) + text
    }

    /// A change of a 0–1 ratio in percentage points with one decimal and no unit: `+1.2`, `−0.4`, `0.0`.
    /// `.exact` rounds to the tenth first and signs what is left; `.typographic` signs a change beyond
    /// ±0.05 points and prints its magnitude.
    package static func signedPercentagePoints(_ change: Double, _ style: SignStyle) -> String {
        switch style {
        case .exact:
            let tenths = (change * 1000).rounded() / 10
            return (tenths > 0 ? "+" : "") + String(format: "%.1f", tenths == 0 ? 0 : tenths)
        case .typographic:
            let points = change * 100
            return sign(points < -0.05, points > 0.05, style) + String(format: "%.1f", abs(points))
        }
    }

    private static func sign(_ negative: Bool, _ positive: Bool, _ style: SignStyle) -> String {
        negative ? (style == .exact ? "-" : "−") : positive ? "+" : ""
    }
}
