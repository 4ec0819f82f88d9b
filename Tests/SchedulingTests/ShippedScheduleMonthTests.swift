import Foundation
import Scheduling
import Testing

/// A month of both shipped schedules, planned in milliseconds: counts and order.
@Suite struct ShippedScheduleMonthTests {
    func check(_ plan: [PlannedCycle]) {
        for (a, b) in zip(plan, plan.dropFirst()) {
            #expect(a < b, "\(a) then \(b)")
        }
        for cycle in plan {
            #expect(cycle.visibleAt >= cycle.start)
        }
    }

    func counts(_ plan: [PlannedCycle]) -> [CycleKind: Int] {
        Dictionary(grouping: plan, by: \.kind).mapValues(\.count)
    }

    @Test func observedInJune() throws {
        let plan = try shipped("azure-observed.yaml").cycles(
            in: utc("2026-06-01T00:00:00Z")..<utc("2026-07-01T00:00:00Z"))
        // June 1st starts at 03:00 Helsinki: the day's 04:00 score is the first cycle.
        #expect(
            lines(Array(plan.prefix(3))) == [
                "score 2026-06-01T01:00:00Z→2026-06-01T01:00:00Z",
                "policy 2026-06-01T04:00:00Z→2026-06-01T06:00:00Z",
                "defender 2026-06-01T07:00:00Z→2026-06-01T08:00:00Z",
            ])
        #expect(counts(plan) == [.policy: 30, .defender: 30, .score: 90])
        check(plan)
    }

    @Test func observedInOctoberAcrossTheClockChange() throws {
        let plan = try shipped("azure-observed.yaml").cycles(
            in: utc("2026-10-01T00:00:00Z")..<utc("2026-11-01T00:00:00Z"))
        #expect(counts(plan) == [.policy: 31, .defender: 31, .score: 93])
        check(plan)
    }

    @Test func documentedInJune() throws {
        let plan = try shipped("azure-documented.yaml").cycles(
            in: utc("2026-06-01T00:00:00Z")..<utc("2026-07-01T00:00:00Z"))
        #expect(counts(plan) == [.policy: 30, .defender: 60, .score: 90])
        #expect(
            lines(Array(plan.prefix(4))) == [
                "policy 2026-06-01T00:00:00Z→2026-06-01T01:00:00Z",
                "score 2026-06-01T00:00:00Z→2026-06-01T00:00:00Z",
                "defender 2026-06-01T02:00:00Z→2026-06-01T03:00:00Z",
                "score 2026-06-01T08:00:00Z→2026-06-01T08:00:00Z",
            ])
        check(plan)
    }
}
