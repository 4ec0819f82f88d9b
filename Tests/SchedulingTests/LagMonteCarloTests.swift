import Foundation
import PolicyModel
import Scheduling
import Testing

@Suite struct LagMonteCarloTests {
    /// The reference outputs of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
    @Test func splitMix64MatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(
            [generator.next(), generator.next(), generator.next()] == [
                0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F,
            ])
    }

    @Test func lagsPrintAsISO8601DurationsInHours() {
        #expect(DurationText.iso8601(75_600) == "PT21H")
        #expect(DurationText.iso8601(160_200) == "PT44H30M")
        #expect(DurationText.iso8601(3_661) == "PT1H1M1S")
        #expect(DurationText.iso8601(0) == "PT0S")
        #expect(DurationText.iso8601(-900) == "-PT15M")
    }

    @Test func percentilesAreNearestRank() {
        let d = LagDistribution(lags: (1...100).reversed().map(Double.init))
        #expect([d.min, d.p50, d.p90, d.p99, d.max] == [1, 50, 90, 99, 100])
        let three = LagDistribution(lags: [3, 1, 2])
        #expect([three.min, three.p50, three.p90, three.p99, three.max] == [1, 2, 3, 3, 3])
        #expect(LagDistribution(lags: [7]).p99 == 7)
    }

    /// The timeline answers as the planner does, on both shipped schedules, every 20 minutes across
    /// both 2026 daylight saving weekends in Helsinki and on every cycle start of those days (a change
    /// exactly at a cycle's start is in that cycle).
    @Test(arguments: ["azure-observed.yaml", "azure-documented.yaml"])
    func timelineAgreesWithThePlannerAcrossDaylightSaving(_ name: String) throws {
        let s = try shipped(name)
        for days in [
            utc("2026-03-27T00:00:00Z")..<utc("2026-03-31T00:00:00Z"),
            utc("2026-10-23T00:00:00Z")..<utc("2026-10-27T00:00:00Z"),
        ] {
            let timeline = CycleTimeline(schedule: s, window: days)
            let instants =
                stride(
                    from: days.lowerBound.timeIntervalSince1970, to: days.upperBound.timeIntervalSince1970, by: 1_200
                )
                .map { Date(timeIntervalSince1970: $0) } + s.cycles(in: days).map(\.start)
            for t in instants {
                #expect(timeline.visibility(ofChangeAt: t) == s.visibility(ofChangeAt: t), "change at \(text(t))")
            }
        }
    }

    /// Observed, November (UTC+2): a change at 07:30 local (05:30Z) just misses the 07:00 cycle. Alone it
    /// waits for the next day (policy 07:00Z, Defender 09:00Z, score 10:00Z); a daily scan at 08:00 local
    /// (06:00Z, visible 08:00Z) makes Defender's 08:00Z cycle the same day.
    @Test func aDailyScanCanCatchTheSameDaysDefenderCycle() throws {
        let s = try shipped("azure-observed.yaml")
        let window = utc("2026-11-01T00:00:00Z")..<utc("2026-11-08T00:00:00Z")
        let change = utc("2026-11-03T05:30:00Z")
        let alone = CycleTimeline(schedule: s, window: window).visibility(ofChangeAt: change)
        #expect(
            [alone.policy, alone.defender, alone.score].map(text) == [
                "2026-11-04T07:00:00Z", "2026-11-04T09:00:00Z", "2026-11-04T10:00:00Z",
            ])
        let scanned = CycleTimeline(schedule: s, scanAt: LocalTime("08:00"), window: window).visibility(
            ofChangeAt: change)
        #expect(
            [scanned.policy, scanned.defender, scanned.score].map(text) == [
                "2026-11-03T08:00:00Z", "2026-11-03T09:00:00Z", "2026-11-03T10:00:00Z",
            ])
    }

    /// UTC, one chain a day: policy 00:00 → 01:00, Defender 02:00 → 03:00, score 04:00. A change at t
    /// reaches the score at the next midnight + 4 h (at midnight itself: that midnight + 4 h), so every
    /// lag is known in closed form, and over uniform instants the lag is uniform on (4 h, 28 h].
    @Test func everyLagMatchesItsClosedFormOnADailyChain() {
        let s = utcSchedule(
            policy: #"{at: "00:00", every: 24h, duration: 1h, onChange: off}"#,
            defender: #"{at: "02:00", every: 24h, duration: 1h}"#,
            score: #"{at: "04:00", every: 24h}"#)
        let run = LagMonteCarlo(window: LagMonteCarlo.year(2026), count: 100_000, seed: 42)
        let instants = run.instants()
        #expect(instants.allSatisfy { run.window.contains(Date(timeIntervalSince1970: $0)) })
        let closedForm = instants.map { t in (((t / 86_400).rounded(.up)) * 86_400 + 14_400) - t }
        let distribution = run.scoreLags([CycleTimeline(schedule: s, window: run.window)])[0]
        #expect(distribution == LagDistribution(lags: closedForm))
        #expect(distribution.min >= 14_400 && distribution.max <= 100_800)
        #expect(abs(distribution.p50 - 57_600) < 600)  // 4 h + 12 h, within 10 minutes
        #expect(abs(distribution.p90 - 92_160) < 600)  // 4 h + 21.6 h
        #expect(
            CycleTimeline(schedule: s, window: run.window).scoreLag(
                ofChangeAt: utc("2026-05-05T00:00:00Z").timeIntervalSince1970) == 14_400)
    }

    @Test func theSameSeedGivesTheSameDistributionsAndAnotherSeedOthers() throws {
        let timelines = try ["azure-observed.yaml", "azure-documented.yaml"].map {
            CycleTimeline(schedule: try shipped($0), scanAt: LocalTime("06:00"), window: LagMonteCarlo.year(2026))
        }
        let run = LagMonteCarlo(window: LagMonteCarlo.year(2026), count: 2_000, seed: 7)
        #expect(run.instants() == LagMonteCarlo(window: run.window, count: 2_000, seed: 7).instants())
        #expect(
            run.scoreLags(timelines) == LagMonteCarlo(window: run.window, count: 2_000, seed: 7).scoreLags(timelines))
        #expect(run.instants() != LagMonteCarlo(window: run.window, count: 2_000, seed: 8).instants())
    }
}
