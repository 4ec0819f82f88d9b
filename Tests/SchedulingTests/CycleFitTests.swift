import Foundation
import PolicyModel
import Scheduling
import Testing

/// `posture calibrate`'s fit (issue 18 item 3): robust to cycles that straddle midnight and to outliers.
@Suite struct CycleFitTests {
    static func date(_ text: String) -> Date { ISO8601.parse(text)! }
    static let utc = TimeZone(identifier: "UTC")!

    @Test func startsAroundMidnightFitMidnightNotNoon() throws {
        let starts = [
            "2026-11-01T23:50:00Z", "2026-11-03T00:10:00Z", "2026-11-03T23:55:00Z", "2026-11-05T00:05:00Z",
            "2026-11-06T00:00:00Z",
        ].map(Self.date)
        let fit = try #require(
            CycleFit.fit(
                starts: starts, durations: [3_600, 3_500, 3_700, 3_600, 9_000], every: 86_400, timeZone: Self.utc))
        #expect(fit.at.description == "00:00")
        #expect(fit.duration == 3_600)
        #expect(fit.days == 5)
        #expect(fit.spreadMinutes == 5)
    }

    @Test func anOutlierDoesNotMoveTheFit() throws {
        let starts = (1...9).map { Self.date("2026-11-0\($0)T07:0\($0 % 3):00Z") } + [Self.date("2026-11-10T15:00:00Z")]
        let fit = try #require(CycleFit.fit(starts: starts, durations: [], every: 86_400, timeZone: Self.utc))
        #expect(fit.at.description == "07:01")
        #expect(fit.duration == nil)
    }

    @Test func theFitIsInTheTenantsTimeZone() throws {
        // 05:00 UTC is 07:00 in Helsinki in winter (EET, UTC+2).
        let starts = ["2026-11-01T05:00:00Z", "2026-11-02T05:00:00Z"].map(Self.date)
        let helsinki = try #require(TimeZone(identifier: "Europe/Helsinki"))
        let fit = try #require(
            CycleFit.fit(starts: starts, durations: [7_200, 7_200], every: 86_400, timeZone: helsinki))
        #expect(fit.at.description == "07:00")
        let schedule = CalibratedSchedule(timeZone: helsinki, policy: fit, defender: fit, score: fit)
        let read = try Schedule(yaml: schedule.yaml(origin: "a test"), file: "calibrated.yaml")
        #expect(read.policy.at.description == "07:00")
        #expect(read.policy.duration == 7_200)
        #expect(read.timeZone.identifier == "Europe/Helsinki")
    }

    /// A quiet tenant: one to three assessments change a day, dated uniformly within a Defender
    /// cycle at 11:15 lasting 50 minutes, whose start moves up to ±`jitter` minutes from day to day.
    /// Pooled over 30 days the fit lands within the round trip's tolerances (15 minutes for `at`, 30
    /// for the duration) for every seed, where one cycle's own range says little.
    @Test(arguments: [0, 20])
    func aFewChangesADayStillFitTheWindow(jitter: Int) throws {
        for seed in UInt64(1)...20 {
            var random = SplitMix64(seed: seed)
            let day0 = Self.date("2026-03-01T11:15:00Z")
            let windows = (0..<30).map { day -> ChangeWindow in
                let shift = jitter == 0 ? 0 : random.below(2 * jitter * 60 + 1) - jitter * 60
                let start = day0.addingTimeInterval(Double(day * 86_400 + shift))
                let dates = (0...random.below(3)).map { _ in start.addingTimeInterval(Double(random.below(3_001))) }
                return ChangeWindow(first: dates.min()!, last: dates.max()!, count: dates.count)
            }
            let fit = try #require(CycleFit.fit(windows: windows, every: 86_400, timeZone: Self.utc))
            let at = fit.at.secondOfDay / 60
            #expect(abs(at - (11 * 60 + 15)) <= 15, "seed \(seed): at \(fit.at)")
            #expect(abs((fit.duration ?? 0) - 3_000) <= 30 * 60, "seed \(seed): duration \(fit.duration ?? -1)")
            #expect(fit.samples == 30)
        }
    }

    @Test func withoutTwoChangesInAnyCycleThereIsNoDuration() {
        let windows = (0..<5).map { day in
            let at = Self.date("2026-03-01T11:15:00Z").addingTimeInterval(Double(day * 86_400))
            return ChangeWindow(first: at, last: at, count: 1)
        }
        #expect(CycleFit.fit(windows: windows, every: 86_400, timeZone: Self.utc) == nil)
    }
}
