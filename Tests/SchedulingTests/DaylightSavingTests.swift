import Foundation
import Scheduling
import Testing

/// Europe/Helsinki is UTC+2 in winter (EET) and UTC+3 in summer (EEST). In 2026 the clocks go from
/// 03:00 to 04:00 on 29 March (at 01:00Z) and from 04:00 back to 03:00 on 25 October (at 01:00Z).
@Suite struct DaylightSavingTests {
    @Test func springForwardWeekMovesTheCyclesAnHourEarlierInUTC() throws {
        let s = try shipped("azure-observed.yaml")
        let week = utc("2026-03-27T00:00:00Z")..<utc("2026-03-31T00:00:00Z")
        #expect(
            lines(s.cycles(in: week)) == [
                "score 2026-03-27T02:00:00Z→2026-03-27T02:00:00Z",
                "policy 2026-03-27T05:00:00Z→2026-03-27T07:00:00Z",
                "defender 2026-03-27T08:00:00Z→2026-03-27T09:00:00Z",
                "score 2026-03-27T10:00:00Z→2026-03-27T10:00:00Z",
                "score 2026-03-27T18:00:00Z→2026-03-27T18:00:00Z",
                "score 2026-03-28T02:00:00Z→2026-03-28T02:00:00Z",
                "policy 2026-03-28T05:00:00Z→2026-03-28T07:00:00Z",
                "defender 2026-03-28T08:00:00Z→2026-03-28T09:00:00Z",
                "score 2026-03-28T10:00:00Z→2026-03-28T10:00:00Z",
                "score 2026-03-28T18:00:00Z→2026-03-28T18:00:00Z",
                // 29 March: 04:00 EEST exists (it is the first minute after the jump) = 01:00Z.
                "score 2026-03-29T01:00:00Z→2026-03-29T01:00:00Z",
                "policy 2026-03-29T04:00:00Z→2026-03-29T06:00:00Z",
                "defender 2026-03-29T07:00:00Z→2026-03-29T08:00:00Z",
                "score 2026-03-29T09:00:00Z→2026-03-29T09:00:00Z",
                "score 2026-03-29T17:00:00Z→2026-03-29T17:00:00Z",
                "score 2026-03-30T01:00:00Z→2026-03-30T01:00:00Z",
                "policy 2026-03-30T04:00:00Z→2026-03-30T06:00:00Z",
                "defender 2026-03-30T07:00:00Z→2026-03-30T08:00:00Z",
                "score 2026-03-30T09:00:00Z→2026-03-30T09:00:00Z",
                "score 2026-03-30T17:00:00Z→2026-03-30T17:00:00Z",
            ])
    }

    @Test func fallBackWeekMovesTheCyclesAnHourLaterInUTC() throws {
        let s = try shipped("azure-observed.yaml")
        let days = utc("2026-10-24T00:00:00Z")..<utc("2026-10-27T00:00:00Z")
        #expect(
            s.cycles(.policy, in: days).map { text($0.start) } == [
                "2026-10-24T04:00:00Z", "2026-10-25T05:00:00Z", "2026-10-26T05:00:00Z",
            ])
        #expect(
            s.cycles(.defender, in: days).map { text($0.start) } == [
                "2026-10-24T07:00:00Z", "2026-10-25T08:00:00Z", "2026-10-26T08:00:00Z",
            ])
        // 04:00 local on 25 October is 04:00 EET = 02:00Z (04:00 EEST never shows on the clock).
        #expect(
            s.cycles(.score, in: days).map { text($0.start) } == [
                "2026-10-24T01:00:00Z", "2026-10-24T09:00:00Z", "2026-10-24T17:00:00Z",
                "2026-10-25T02:00:00Z", "2026-10-25T10:00:00Z", "2026-10-25T18:00:00Z",
                "2026-10-26T02:00:00Z", "2026-10-26T10:00:00Z", "2026-10-26T18:00:00Z",
            ])
    }

    @Test func aLocalTimeInTheGapRunsWhenTheClocksJump() {
        let s = utcSchedule(
            policy: #"{at: "03:30", every: 24h, duration: 1h, onChange: off}"#, timeZone: "Europe/Helsinki")
        let days = utc("2026-03-28T00:00:00Z")..<utc("2026-03-31T00:00:00Z")
        #expect(
            s.cycles(.policy, in: days).map { text($0.start) } == [
                "2026-03-28T01:30:00Z",  // 03:30 EET
                "2026-03-29T01:00:00Z",  // 03:30 does not exist: 04:00 EEST, the instant of the jump
                "2026-03-30T00:30:00Z",  // 03:30 EEST
            ])
        let newYork = utcSchedule(
            policy: #"{at: "02:30", every: 24h, duration: 1h, onChange: off}"#, timeZone: "America/New_York")
        #expect(
            text(newYork.nextCycle(.policy, atOrAfter: utc("2026-03-08T00:00:00Z")).start) == "2026-03-08T07:00:00Z")
    }

    @Test func aLocalTimeInTheOverlapRunsAtItsFirstOccurrence() {
        let s = utcSchedule(
            policy: #"{at: "03:30", every: 24h, duration: 1h, onChange: off}"#, timeZone: "Europe/Helsinki")
        let days = utc("2026-10-24T00:00:00Z")..<utc("2026-10-27T00:00:00Z")
        #expect(
            s.cycles(.policy, in: days).map { text($0.start) } == [
                "2026-10-24T00:30:00Z",  // 03:30 EEST
                "2026-10-25T00:30:00Z",  // 03:30 EEST, not the second 03:30 (EET, 01:30Z)
                "2026-10-26T01:30:00Z",  // 03:30 EET
            ])
    }

    @Test func hourlyCyclesOnTheChangeDaysFollowTheWallClock() {
        let s = utcSchedule(score: #"{at: "00:00", every: 1h}"#, timeZone: "Europe/Helsinki")
        func localDay(_ from: String, _ to: String) -> [PlannedCycle] { s.cycles(.score, in: utc(from)..<utc(to)) }
        // 29 March is 23 hours long: 03:00 and 04:00 local are both 01:00Z, and run once.
        let spring = localDay("2026-03-28T22:00:00Z", "2026-03-29T21:00:00Z")
        #expect(spring.count == 23)
        #expect(
            spring.map { text($0.start) }.filter { $0.hasPrefix("2026-03-29T0") } == [
                "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z", "2026-03-29T03:00:00Z",
                "2026-03-29T04:00:00Z", "2026-03-29T05:00:00Z", "2026-03-29T06:00:00Z", "2026-03-29T07:00:00Z",
                "2026-03-29T08:00:00Z", "2026-03-29T09:00:00Z",
            ])
        // 25 October is 25 hours long: the repeated 03:00 runs once, at 03:00 EEST (00:00Z), and the
        // next cycle is 04:00 EET (02:00Z), two hours later.
        let autumn = localDay("2026-10-24T21:00:00Z", "2026-10-25T22:00:00Z")
        #expect(autumn.count == 24)
        #expect(
            autumn.map { text($0.start) }.prefix(5) == [
                "2026-10-24T21:00:00Z", "2026-10-24T22:00:00Z", "2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z",
                "2026-10-25T02:00:00Z",
            ])
    }

    @Test func everyDayOf2026RunsAtSevenOClockHelsinkiTimeByFoundationsCalendar() throws {
        let s = try shipped("azure-observed.yaml")
        let year = s.cycles(.policy, in: utc("2026-01-01T00:00:00Z")..<utc("2027-01-01T00:00:00Z"))
        #expect(year.count == 365)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = s.timeZone
        var previous: Date?
        for cycle in year {
            let c = calendar.dateComponents([.hour, .minute, .second], from: cycle.start)
            #expect(c.hour == 7 && c.minute == 0 && c.second == 0, "\(text(cycle.start))")
            if let previous {
                #expect(calendar.dateComponents([.day], from: previous, to: cycle.start).day == 1)
            }
            previous = cycle.start
        }
    }
}
