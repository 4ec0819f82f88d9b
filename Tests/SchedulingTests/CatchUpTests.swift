import Foundation
import Scheduling
import Testing

/// `posture run` on the observed schedule (Helsinki summer: policy 04:00Z → 06:00Z, Defender
/// 07:00Z → 08:00Z, score 01:00Z, 09:00Z, 17:00Z).
@Suite struct CatchUpTests {
    let now = utc("2026-06-10T12:00:00Z")  // 15:00 in Helsinki

    @Test func fromAnEmptyHistoryRunsTheLastPolicyCycleAndWhatFollows() throws {
        let s = try shipped("azure-observed.yaml")
        let since = s.lastPolicyStart(before: now)
        #expect(text(since) == "2026-06-10T04:00:00Z")
        #expect(
            lines(CatchUp(schedule: s, position: .since(since)).due(now: now)) == [
                "policy 2026-06-10T04:00:00Z→2026-06-10T06:00:00Z",
                "defender 2026-06-10T07:00:00Z→2026-06-10T08:00:00Z",
                "score 2026-06-10T09:00:00Z→2026-06-10T09:00:00Z",
            ])
    }

    @Test func afterAnOutageOfThreeDaysRunsEveryMissedCycleInOrder() throws {
        let s = try shipped("azure-observed.yaml")
        // The last run completed the 20:00 Helsinki score of 7 June; the machine was down until now.
        let catchUp = CatchUp(schedule: s, position: .completed(.score, start: utc("2026-06-07T17:00:00Z")))
        #expect(
            lines(catchUp.due(now: now)) == [
                "score 2026-06-08T01:00:00Z→2026-06-08T01:00:00Z",
                "policy 2026-06-08T04:00:00Z→2026-06-08T06:00:00Z",
                "defender 2026-06-08T07:00:00Z→2026-06-08T08:00:00Z",
                "score 2026-06-08T09:00:00Z→2026-06-08T09:00:00Z",
                "score 2026-06-08T17:00:00Z→2026-06-08T17:00:00Z",
                "score 2026-06-09T01:00:00Z→2026-06-09T01:00:00Z",
                "policy 2026-06-09T04:00:00Z→2026-06-09T06:00:00Z",
                "defender 2026-06-09T07:00:00Z→2026-06-09T08:00:00Z",
                "score 2026-06-09T09:00:00Z→2026-06-09T09:00:00Z",
                "score 2026-06-09T17:00:00Z→2026-06-09T17:00:00Z",
                "score 2026-06-10T01:00:00Z→2026-06-10T01:00:00Z",
                "policy 2026-06-10T04:00:00Z→2026-06-10T06:00:00Z",
                "defender 2026-06-10T07:00:00Z→2026-06-10T08:00:00Z",
                "score 2026-06-10T09:00:00Z→2026-06-10T09:00:00Z",
            ])
    }

    @Test func runningAgainAfterCompletingEverythingFindsNothing() throws {
        let s = try shipped("azure-observed.yaml")
        var machine = CatchUp(schedule: s, position: .since(utc("2026-06-08T00:00:00Z")))
        var executed: [PlannedCycle] = []
        while let cycle = machine.nextDue(now: now) {
            executed.append(cycle)
            machine.complete(cycle)
        }
        #expect(executed.count == 14)
        #expect(machine.nextDue(now: now) == nil)
        #expect(machine.due(now: now).isEmpty)
        // Completing the last cycle again, or an older one, changes nothing.
        let before = machine
        machine.complete(executed.last!)
        machine.complete(executed.first!)
        #expect(machine == before)
        // A run rebuilt from history (the last recorded cycle) agrees.
        let last = executed.last!
        let rebuilt = CatchUp(schedule: s, position: .completed(last.kind, start: last.start))
        #expect(rebuilt.due(now: now).isEmpty)
        // When the clock reaches the next start, exactly that cycle is due.
        #expect(
            lines(rebuilt.due(now: utc("2026-06-10T17:00:00Z"))) == ["score 2026-06-10T17:00:00Z→2026-06-10T17:00:00Z"])
        #expect(rebuilt.due(now: utc("2026-06-10T16:59:59Z")).isEmpty)
    }

    @Test(arguments: 0..<14)
    func resumingAfterACrashAtAnyPointRunsExactlyTheRest(completed: Int) throws {
        let s = try shipped("azure-observed.yaml")
        let all = CatchUp(schedule: s, position: .since(utc("2026-06-08T00:00:00Z"))).due(now: now)
        #expect(all.count == 14)
        let last = all[completed]
        let resumed = CatchUp(schedule: s, position: .completed(last.kind, start: last.start))
        #expect(resumed.due(now: now) == Array(all[(completed + 1)...]))
    }

    @Test func resumingBetweenTwoCyclesOfTheSameInstant() {
        let s = utcSchedule(
            policy: #"{at: "00:00", every: 24h, duration: 0s, onChange: off}"#,
            defender: #"{at: "00:00", every: 24h, duration: 1h}"#)
        let midnight = utc("2026-06-10T00:00:00Z")
        let afterPolicy = CatchUp(schedule: s, position: .completed(.policy, start: midnight))
        #expect(
            lines(afterPolicy.due(now: midnight)) == [
                "defender 2026-06-10T00:00:00Z→2026-06-10T01:00:00Z",
                "score 2026-06-10T00:00:00Z→2026-06-10T00:00:00Z",
            ])
        let afterDefender = CatchUp(schedule: s, position: .completed(.defender, start: midnight))
        #expect(lines(afterDefender.due(now: midnight)) == ["score 2026-06-10T00:00:00Z→2026-06-10T00:00:00Z"])
    }

    @Test func aCycleStartingExactlyNowOrExactlyAtSinceIsDue() throws {
        let s = try shipped("azure-observed.yaml")
        let start = utc("2026-06-10T04:00:00Z")
        #expect(
            lines(CatchUp(schedule: s, position: .since(start)).due(now: start)) == [
                "policy 2026-06-10T04:00:00Z→2026-06-10T06:00:00Z"
            ])
        #expect(CatchUp(schedule: s, position: .since(start)).due(now: utc("2026-06-10T03:59:59Z")).isEmpty)
    }

    @Test func catchingUpAMonthMatchesThePlanOfThatMonth() throws {
        for name in ["azure-observed.yaml", "azure-documented.yaml"] {
            let s = try shipped(name)
            let from = utc("2026-10-01T00:00:00Z")
            let to = utc("2026-11-01T00:00:00Z")
            let due = CatchUp(schedule: s, position: .since(from)).due(now: to.addingTimeInterval(-1))
            #expect(due == s.cycles(in: from..<to), "\(name)")
        }
    }
}
