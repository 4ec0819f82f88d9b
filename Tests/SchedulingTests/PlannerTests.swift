import Foundation
import Scheduling
import Testing

/// One test per schedule rule, in UTC so that daylight saving stays out of it.
@Suite struct PlannerTests {
    @Test func policyResultsAreVisibleAtStartPlusDuration() {
        let s = utcSchedule()
        let cycle = s.nextCycle(.policy, atOrAfter: utc("2026-06-10T00:00:00Z"))
        #expect(text(cycle.start) == "2026-06-10T09:00:00Z")
        #expect(text(cycle.visibleAt) == "2026-06-10T11:00:00Z")
    }

    @Test func defenderStartingBeforePolicyEndsReadsThePreviousDaysStates() {
        // Policy 09:00 for 2h, Defender at 10:00: today's states are not visible yet at 10:00.
        let s = utcSchedule()
        let defender = s.nextCycle(.defender, atOrAfter: utc("2026-06-10T00:00:00Z"))
        #expect(text(defender.start) == "2026-06-10T10:00:00Z")
        let read = s.newestVisible(.policy, at: defender.start)
        #expect(text(read.start) == "2026-06-09T09:00:00Z")
        #expect(text(read.visibleAt) == "2026-06-09T11:00:00Z")
    }

    @Test func defenderStartingAfterPolicyEndsReadsTheSameDaysStates() {
        let s = utcSchedule(policy: #"{at: "07:00", every: 24h, duration: 2h, onChange: off}"#)
        let read = s.newestVisible(.policy, at: utc("2026-06-10T10:00:00Z"))
        #expect(text(read.start) == "2026-06-10T07:00:00Z")
    }

    @Test func visibilityIsInclusive() {
        // Policy visible at 09:00 exactly; a Defender cycle starting at 09:00 reads it.
        let s = utcSchedule(
            policy: #"{at: "07:00", every: 24h, duration: 2h, onChange: off}"#,
            defender: #"{at: "09:00", every: 24h, duration: 1h}"#)
        #expect(text(s.newestVisible(.policy, at: utc("2026-06-10T09:00:00Z")).start) == "2026-06-10T07:00:00Z")
        #expect(text(s.newestVisible(.policy, at: utc("2026-06-10T08:59:59Z")).start) == "2026-06-09T07:00:00Z")
    }

    @Test func scoreReadsTheAssessmentsVisibleWhenItRuns() {
        // Defender 10:00 for 6h: visible 16:00, exactly when a score computation runs.
        let s = utcSchedule(defender: #"{at: "10:00", every: 24h, duration: 6h}"#)
        #expect(text(s.newestVisible(.defender, at: utc("2026-06-10T16:00:00Z")).start) == "2026-06-10T10:00:00Z")
        #expect(text(s.newestVisible(.defender, at: utc("2026-06-10T08:00:00Z")).start) == "2026-06-09T10:00:00Z")
        let score = s.nextCycle(.score, atOrAfter: utc("2026-06-10T12:00:00Z"))
        #expect(text(score.start) == "2026-06-10T16:00:00Z")
        #expect(score.visibleAt == score.start)
    }

    @Test func onChangeMakesAChangeVisibleAfterItsDelay() throws {
        let s = try shipped("azure-documented.yaml")
        #expect(text(s.policyVisibility(ofChangeAt: utc("2026-06-10T10:00:00Z"))) == "2026-06-10T10:15:00Z")
        let v = s.visibility(ofChangeAt: utc("2026-06-10T10:00:00Z"))
        #expect(text(v.policy) == "2026-06-10T10:15:00Z")
        #expect(text(v.defender) == "2026-06-10T15:00:00Z")  // the 14:00 cycle, visible 15:00
        #expect(text(v.score) == "2026-06-10T16:00:00Z")
    }

    /// "Azure Policy definitions auditIfNotExists effect"
    /// (https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists): `evaluationDelay`,
    /// default PT10M, delays only create/update-triggered evaluations. On the documented schedule the
    /// default is inside the 15-minute onChange delay; a longer one moves the result, never past the regular cycle.
    @Test func anEvaluationDelayHoldsBackOnlyTheChangeTriggeredResult() throws {
        let s = try shipped("azure-documented.yaml")
        let t = utc("2026-06-10T10:00:00Z")
        #expect(text(s.policyVisibility(ofChangeAt: t, evaluationDelay: 600)) == "2026-06-10T10:15:00Z")
        #expect(text(s.policyVisibility(ofChangeAt: t, evaluationDelay: 3600)) == "2026-06-10T11:00:00Z")
        #expect(text(s.visibility(ofChangeAt: t, evaluationDelay: 3600).defender) == "2026-06-10T15:00:00Z")
        // 360 minutes at 22:00 would be 04:00; the regular cycle (00:00, visible 01:00) comes first.
        #expect(
            text(s.policyVisibility(ofChangeAt: utc("2026-06-10T22:00:00Z"), evaluationDelay: 21_600))
                == "2026-06-11T01:00:00Z")
        let off = try shipped("azure-observed.yaml")
        #expect(off.policyVisibility(ofChangeAt: t, evaluationDelay: 3600) == off.policyVisibility(ofChangeAt: t))
    }

    @Test func onChangeNeverWaitsLongerThanTheRegularCycle() {
        // A cycle with no running time at 00:00 beats a 15-minute delay for a change at 23:50.
        let s = utcSchedule(policy: #"{at: "00:00", every: 24h, duration: 0s, onChange: 15m}"#)
        #expect(text(s.policyVisibility(ofChangeAt: utc("2026-06-09T23:50:00Z"))) == "2026-06-10T00:00:00Z")
        #expect(text(s.policyVisibility(ofChangeAt: utc("2026-06-09T22:00:00Z"))) == "2026-06-09T22:15:00Z")
    }

    @Test func withOnChangeOffAChangeWaitsForTheNextCycle() throws {
        // Observed: a change on Monday 10:00 Helsinki shows on Tuesday at 09:00, 11:00 and 12:00.
        let s = try shipped("azure-observed.yaml")
        let v = s.visibility(ofChangeAt: utc("2026-06-08T07:00:00Z"))
        #expect(text(v.policy) == "2026-06-09T06:00:00Z")
        #expect(text(v.defender) == "2026-06-09T08:00:00Z")
        #expect(text(v.score) == "2026-06-09T09:00:00Z")
    }

    @Test func aChangeExactlyAtACycleStartIsInThatCycle() throws {
        let s = try shipped("azure-observed.yaml")  // policy 07:00 Helsinki = 04:00Z in summer, 2h
        #expect(text(s.policyVisibility(ofChangeAt: utc("2026-06-09T04:00:00Z"))) == "2026-06-09T06:00:00Z")
        #expect(text(s.policyVisibility(ofChangeAt: utc("2026-06-09T04:00:01Z"))) == "2026-06-10T06:00:00Z")
        #expect(text(s.policyVisibility(ofChangeAt: utc("2026-06-09T03:59:59Z"))) == "2026-06-09T06:00:00Z")
    }

    @Test func nextAndLastAreInclusiveOrStrictAsNamed() throws {
        let s = try shipped("azure-observed.yaml")
        let t = utc("2026-06-10T04:00:00Z")
        #expect(text(s.nextCycle(.policy, atOrAfter: t).start) == "2026-06-10T04:00:00Z")
        #expect(text(s.nextCycle(.policy, after: t).start) == "2026-06-11T04:00:00Z")
        #expect(text(s.lastCycle(.policy, atOrBefore: t).start) == "2026-06-10T04:00:00Z")
        #expect(text(s.lastCycle(.policy, before: t).start) == "2026-06-09T04:00:00Z")
        #expect(text(s.lastPolicyStart(before: t)) == "2026-06-09T04:00:00Z")
        #expect(text(s.lastPolicyStart(before: utc("2026-06-10T04:00:01Z"))) == "2026-06-10T04:00:00Z")
    }

    @Test func cyclesAtTheSameInstantRunPolicyThenDefenderThenScore() {
        let s = utcSchedule(
            policy: #"{at: "00:00", every: 24h, duration: 0s, onChange: off}"#,
            defender: #"{at: "00:00", every: 24h, duration: 1h}"#)
        let plan = s.cycles(in: utc("2026-06-10T00:00:00Z")..<utc("2026-06-10T08:00:01Z"))
        #expect(
            lines(plan) == [
                "policy 2026-06-10T00:00:00Z→2026-06-10T00:00:00Z",
                "defender 2026-06-10T00:00:00Z→2026-06-10T01:00:00Z",
                "score 2026-06-10T00:00:00Z→2026-06-10T00:00:00Z",
                "score 2026-06-10T08:00:00Z→2026-06-10T08:00:00Z",
            ])
        // The defender cycle at 00:00 reads the policy cycle of the same instant (duration 0).
        #expect(text(s.newestVisible(.policy, at: utc("2026-06-10T00:00:00Z")).start) == "2026-06-10T00:00:00Z")
    }

    @Test func rangesAreHalfOpen() {
        let s = utcSchedule()
        let plan = s.cycles(.policy, in: utc("2026-06-10T09:00:00Z")..<utc("2026-06-12T09:00:00Z"))
        #expect(plan.map { text($0.start) } == ["2026-06-10T09:00:00Z", "2026-06-11T09:00:00Z"])
        #expect(s.cycles(in: utc("2026-06-10T09:00:00Z")..<utc("2026-06-10T09:00:00Z")).isEmpty)
    }

    @Test func subDailyCyclesRepeatFromAtAroundTheClock() {
        let s = utcSchedule(
            defender: #"{at: "06:00", every: 12h, duration: 1h}"#, score: #"{at: "20:00", every: 8h}"#)
        let day = utc("2026-06-10T00:00:00Z")..<utc("2026-06-11T00:00:00Z")
        #expect(
            s.cycles(.defender, in: day).map { text($0.start) } == ["2026-06-10T06:00:00Z", "2026-06-10T18:00:00Z"])
        #expect(
            s.cycles(.score, in: day).map { text($0.start) }
                == ["2026-06-10T04:00:00Z", "2026-06-10T12:00:00Z", "2026-06-10T20:00:00Z"])
    }

    @Test func multiDayCyclesCountFromTheAnchorDate() {
        let june = utc("2026-06-01T00:00:00Z")..<utc("2026-07-01T00:00:00Z")
        let mondays = utcSchedule(score: #"{at: "06:00", every: 7d, anchor: 2026-01-05}"#)
        #expect(
            mondays.cycles(.score, in: june).map { text($0.start) }
                == [
                    "2026-06-01T06:00:00Z", "2026-06-08T06:00:00Z", "2026-06-15T06:00:00Z",
                    "2026-06-22T06:00:00Z", "2026-06-29T06:00:00Z",
                ])
        // Without an anchor the count starts on 1970-01-01, a Thursday.
        let thursdays = utcSchedule(score: #"{at: "06:00", every: 7d}"#)
        #expect(
            thursdays.cycles(.score, in: june).map { text($0.start) }
                == ["2026-06-04T06:00:00Z", "2026-06-11T06:00:00Z", "2026-06-18T06:00:00Z", "2026-06-25T06:00:00Z"])
        #expect(text(mondays.lastCycle(.score, before: utc("2026-06-07T00:00:00Z")).start) == "2026-06-01T06:00:00Z")
        #expect(text(mondays.nextCycle(.score, after: utc("2026-06-01T06:00:00Z")).start) == "2026-06-08T06:00:00Z")
    }

    @Test func anOnDemandScanIsAPolicyCycleAtAnyInstant() throws {
        let s = try shipped("azure-observed.yaml")
        let scan = s.cycle(.policy, startingAt: utc("2026-06-10T12:34:56Z"))
        #expect(lines([scan]) == ["policy 2026-06-10T12:34:56Z→2026-06-10T14:34:56Z"])
    }
}
