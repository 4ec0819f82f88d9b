import Foundation

/// When a goal will be reached at the recent pace: a least-squares line through daily samples of
/// its figure, and the 95 % confidence interval of the line's slope turned into a date range
/// (Docs/Queries.md, "Forecast").
///
/// With n samples (tᵢ in days, yᵢ the figure), the slope is b = Sxy / Sxx and its standard error
/// SE = √(SSE / (n − 2) / Sxx). The slope lies in b ± q·SE, q being Student's t quantile 0.975
/// with n − 2 degrees of freedom. Each bound, drawn through the centroid (t̄, ȳ), meets the target
/// at t̄ + (target − ȳ) / slope: the steeper bound gives the early date, the shallower the late
/// one. When the slope itself points away from the target (or is flat) there is no forecast
/// ("not at this pace"); when only the shallow bound does, the range has no late end.
package struct Forecast: Sendable, Equatable {
    /// The earliest date the target is reached at the recent pace.
    package var from: Date
    /// The latest; nil when the slope's interval admits no progress at its shallow end.
    package var to: Date?

    /// The fit's figures, for the documentation and the tests.
    package struct Fit: Sendable, Equatable {
        package var slope: Double
        package var intercept: Double
        package var standardError: Double
        package var samples: Int
    }

    /// The least-squares line through `(t, y)` points (t in days); nil with fewer than 3 points or
    /// all at one instant.
    package static func fit(_ points: [(t: Double, y: Double)]) -> Fit? {
        let n = Double(points.count)
        guard points.count >= 3 else { return nil }
        let tMean = points.reduce(0) { $0 + $1.t } / n
        let yMean = points.reduce(0) { $0 + $1.y } / n
        let sxx = points.reduce(0) { $0 + ($1.t - tMean) * ($1.t - tMean) }
        guard sxx > 0 else { return nil }
        let sxy = points.reduce(0) { $0 + ($1.t - tMean) * ($1.y - yMean) }
        let slope = sxy / sxx
        let intercept = yMean - slope * tMean
        let sse = points.reduce(0) { acc, p in
            let r = p.y - (intercept + slope * p.t)
            return acc + r * r
        }
        return Fit(
            slope: slope, intercept: intercept, standardError: (sse / (n - 2) / sxx).squareRoot(), samples: points.count
        )
    }

    /// The forecast for reaching `target` (moving in `direction`: +1 up, −1 down) from points
    /// whose t = 0 is `origin`; no date before `now` (t = `nowT`). Nil: "not at this pace".
    package static func forecast(
        _ points: [(t: Double, y: Double)], target: Double, direction: Double, origin: Date, nowT: Double
    ) -> Forecast? {
        guard let fit = fit(points) else { return nil }
        let n = Double(fit.samples)
        let tMean = points.reduce(0) { $0 + $1.t } / n
        let yMean = fit.intercept + fit.slope * tMean
        let q = studentT975(degreesOfFreedom: fit.samples - 2)
        let pace = direction * fit.slope
        guard pace > 0, pace.isFinite else { return nil }
        let fast = pace + q * fit.standardError
        let slow = pace - q * fit.standardError
        let distance = direction * (target - yMean)
        func date(_ rate: Double) -> Date {
            let t = max(nowT, tMean + distance / rate)
            // Beyond ten thousand years the date means nothing; keep it representable. Whole minutes.
            let seconds = (min(t, 3_650_000) * 86_400 / 60).rounded() * 60
            return origin.addingTimeInterval(seconds)
        }
        return Forecast(from: date(fast), to: slow > 0 ? date(slow) : nil)
    }

    /// Student's t distribution's 0.975 quantile (two-sided 95 %), from the standard table for 1–30
    /// degrees of freedom, and the Cornish–Fisher expansion z + (z³ + z) / 4ν beyond.
    package static func studentT975(degreesOfFreedom df: Int) -> Double {
        let table = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ]
        if df >= 1, df <= table.count { return table[df - 1] }
        let z = 1.959964
        return z + (z * z * z + z) / (4 * Double(max(df, 1)))
    }
}
