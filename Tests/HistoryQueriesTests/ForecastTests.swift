import Foundation
import HistoryQueries
import Testing

@Suite struct ForecastTests {
    static let origin = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z

    /// Five daily points 80, 81, 81, 83, 83 (%) towards a 90 % target, by hand:
    /// t̄ = 2, ȳ = 81.6; Sxx = 10, Sxy = 8, so b = 0.8 %/day and a = 80.
    /// Residuals 0, 0.2, −0.6, 0.6, −0.2: SSE = 0.8, s² = 0.8 / 3, SE(b) = √(0.8 / 3 / 10) = 0.163299.
    /// Student's t(0.975, 3 df) = 3.182: the slope lies in 0.8 ± 0.519619 = [0.280381, 1.319619].
    /// Through the centroid, 90 % is 8.4 points away: from = 2 + 8.4 / 1.319619 = 8.365476 days,
    /// to = 2 + 8.4 / 0.280381 = 31.959173 days after the first point, i.e. 12,046 and 46,021
    /// minutes (whole minutes): 2026-12-09T08:46Z and 2027-01-01T23:01Z.
    @Test func theRangeOfASyntheticTrendIsTheHandComputedOne() throws {
        let points: [(t: Double, y: Double)] = [(0, 0.80), (1, 0.81), (2, 0.81), (3, 0.83), (4, 0.83)]
        let fit = try #require(Forecast.fit(points))
        #expect(abs(fit.slope - 0.008) < 1e-12)
        #expect(abs(fit.intercept - 0.80) < 1e-12)
        #expect(abs(fit.standardError - 0.00163299) < 1e-8)
        let forecast = try #require(Forecast.forecast(points, target: 0.90, direction: 1, origin: Self.origin, nowT: 4))
        #expect(forecast.from == Self.origin.addingTimeInterval(12_046 * 60))
        #expect(forecast.to == Self.origin.addingTimeInterval(46_021 * 60))
    }

    /// A count coming down (5, 4, 4, 2, 2 unhealthy towards at most 0) is the mirror image:
    /// slope −0.8 a day, the same standard error, 0 is 3.4 below ȳ = 3.4:
    /// from = 2 + 3.4 / 1.319619 = 4.576533 days, to = 2 + 3.4 / 0.280381 = 14.126380 days.
    @Test func aFallingCountReachesItsCeiling() throws {
        let points: [(t: Double, y: Double)] = [(0, 5), (1, 4), (2, 4), (3, 2), (4, 2)]
        let forecast = try #require(Forecast.forecast(points, target: 0, direction: -1, origin: Self.origin, nowT: 4))
        #expect(forecast.from == Self.origin.addingTimeInterval((4.576533 * 1_440).rounded() * 60))
        #expect(forecast.to == Self.origin.addingTimeInterval((14.126380 * 1_440).rounded() * 60))
    }

    @Test func aTrendPointingAwayOrFlatHasNoForecast() {
        let away: [(t: Double, y: Double)] = [(0, 0.83), (1, 0.83), (2, 0.81), (3, 0.81), (4, 0.80)]
        #expect(Forecast.forecast(away, target: 0.9, direction: 1, origin: Self.origin, nowT: 4) == nil)
        let flat: [(t: Double, y: Double)] = [(0, 3), (1, 3), (2, 3)]
        #expect(Forecast.forecast(flat, target: 0, direction: -1, origin: Self.origin, nowT: 2) == nil)
        #expect(Forecast.forecast([(0, 1), (1, 2)], target: 3, direction: 1, origin: Self.origin, nowT: 1) == nil)
    }

    /// A rise too noisy for its interval to exclude zero has an early date and no late one.
    @Test func aNoisyRiseHasNoLateEnd() throws {
        let points: [(t: Double, y: Double)] = [(0, 0.5), (1, 0.7), (2, 0.4), (3, 0.8), (4, 0.5)]
        // b = 0.01 a day, SE(b) ≈ 0.0597: the interval runs from about −0.18 to +0.20 a day.
        let forecast = try #require(Forecast.forecast(points, target: 1.5, direction: 1, origin: Self.origin, nowT: 4))
        #expect(forecast.to == nil)
        #expect(forecast.from > Self.origin.addingTimeInterval(4 * 86_400))
    }
}
