import Defender
import Foundation
import GRDB
import History
import HistoryTestSupport
import PolicyModel
import Testing

@Suite struct CycleHistoryTests {
    typealias F = HistoryFixture

    func policyCycle(_ start: String, visible: String, kind: Cycle.Kind = .policy) -> NewCycle {
        NewCycle(kind: kind, start: F.date(start), visibleAt: F.date(visible), tenantVersion: 1)
    }

    @Test(arguments: Backend.all) func statesAreIntervalsWrittenOnlyWhenTheyChange(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let day1 = try db.store.recordPolicyCycle(
            policyCycle("2026-11-01T05:00:00Z", visible: "2026-11-01T07:00:00Z"),
            results: PolicyResults(states: [F.state(1, .compliant), F.state(2, .nonCompliant)]))
        let day2 = try db.store.recordPolicyCycle(
            policyCycle("2026-11-02T05:00:00Z", visible: "2026-11-02T07:00:00Z"),
            results: PolicyResults(states: [F.state(1, .compliant), F.state(2, .compliant)]))
        let day3 = try db.store.recordPolicyCycle(
            policyCycle("2026-11-03T05:00:00Z", visible: "2026-11-03T07:00:00Z"),
            results: PolicyResults(states: [F.state(2, .compliant)]))
        #expect([day1.changedCount, day2.changedCount, day3.changedCount] == [2, 1, 1] as [Int])
        func visible(_ at: String) throws -> [ComplianceState] {
            try db.store.policyResults(visibleAt: F.date(at)).states.map(\.complianceState)
        }
        #expect(try visible("2026-11-01T06:59:59Z") == [])
        #expect(try visible("2026-11-01T07:00:00Z") == [.compliant, .nonCompliant])
        #expect(try visible("2026-11-02T06:00:00Z") == [.compliant, .nonCompliant], "day 2 not visible until 07:00")
        #expect(try visible("2026-11-02T07:00:00Z") == [.compliant, .compliant])
        #expect(
            try db.store.policyResults(visibleAt: F.date("2026-11-04T00:00:00Z")).states.map(\.resourceId.name) == [
                "app2"
            ])
        let state = try #require(try db.store.policyResults(visibleAt: F.date("2026-11-02T08:00:00Z")).states.first)
        #expect(state == F.state(1, .compliant))
    }

    @Test(arguments: Backend.all) func aChangeCycleIsNotOverwrittenByAnOlderEvaluationFinishingLater(_ backend: Backend)
        throws
    {
        let db = try TemporaryHistory(backend)
        try db.store.recordPolicyCycle(
            policyCycle("2026-11-01T05:00:00Z", visible: "2026-11-01T07:00:00Z"),
            results: PolicyResults(states: [F.state(1, .nonCompliant), F.state(2, .nonCompliant)]))
        // app1 fixed at 05:10 next day: re-evaluated alone, visible 05:25; the standard cycle started at 05:00 finishes at 07:00.
        try db.store.recordPolicyCycle(
            policyCycle("2026-11-02T05:10:00Z", visible: "2026-11-02T05:25:00Z", kind: .change),
            results: PolicyResults(states: [F.state(1, .compliant, at: "2026-11-02T05:10:00Z")]),
            resources: [F.state(1, .compliant).resourceId.key])
        try db.store.recordPolicyCycle(
            policyCycle("2026-11-02T05:00:00Z", visible: "2026-11-02T07:00:00Z"),
            results: PolicyResults(states: [F.state(1, .nonCompliant), F.state(2, .nonCompliant)]))
        let states = try db.store.policyResults(visibleAt: F.date("2026-11-02T08:00:00Z")).states
        #expect(states.map(\.complianceState) == [.compliant, .nonCompliant])
    }

    @Test(arguments: Backend.all) func cyclesArriveInVisibilityOrderAndOnlyOnce(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let cycle = policyCycle("2026-11-02T05:00:00Z", visible: "2026-11-02T07:00:00Z")
        try db.store.recordPolicyCycle(cycle, results: PolicyResults(states: []))
        #expect {
            try db.store.recordPolicyCycle(cycle, results: PolicyResults(states: []))
        } throws: { ($0 as? HistoryError)?.code == .alreadyRecorded }
        #expect {
            try db.store.recordPolicyCycle(
                policyCycle("2026-11-01T05:00:00Z", visible: "2026-11-01T07:00:00Z"), results: PolicyResults(states: [])
            )
        } throws: { ($0 as? HistoryError)?.code == .outOfOrder }
        #expect(try db.store.cycles().count == 1)
    }

    @Test(arguments: Backend.all) func assessmentsAndScoresRoundTrip(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let at = F.date("2026-11-01T08:00:00Z")
        let resource = F.state(1, .compliant).resourceId
        let assessment = Assessment(
            key: "k1", resourceId: resource, subscriptionId: "s1", status: .notApplicable, cause: "Exempt",
            description: "Exempt (Mitigated) by policy exemption 'x'", firstEvaluationDate: at, statusChangeDate: at,
            exemptionCategory: .mitigated,
            origin: .policy(assignments: [
                ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a")
            ]))
        try db.store.recordDefenderCycle(
            NewCycle(kind: .defender, start: at, visibleAt: at.addingTimeInterval(3600), tenantVersion: 1),
            assessments: [assessment])
        #expect(try db.store.assessments(visibleAt: at) == [])
        #expect(try db.store.assessments(visibleAt: at.addingTimeInterval(3600)) == [assessment])
        let score = SubscriptionScore(
            subscriptionId: "s1",
            controls: [
                ControlScore(
                    key: "c1", displayName: "Enable MFA", maxScore: 10, healthy: 3, unhealthy: 1, notApplicable: 2)
            ],
            weight: 4)
        let scoreAt = at.addingTimeInterval(7200)
        try db.store.recordScoreCycle(
            NewCycle(kind: .score, start: scoreAt, visibleAt: scoreAt, tenantVersion: 1), scores: [score])
        let stored = try #require(try db.store.scores(visibleAt: scoreAt))
        #expect(stored.scores == [score])
        #expect(stored.scores.first?.score.current == 7.5)
    }

    @Test(arguments: Backend.all) func assessmentRowsAreWrittenOnlyWhenTheyChange(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let at = F.date("2026-11-01T08:00:00Z")
        func assessment(_ resource: Int, _ key: String, _ status: Assessment.Status, on day: Int) -> Assessment {
            let date = at.addingTimeInterval(Double(day) * 86_400)
            return Assessment(
                key: key, resourceId: F.state(resource, .compliant).resourceId, subscriptionId: "s1", status: status,
                cause: nil, description: nil, firstEvaluationDate: at, statusChangeDate: date, origin: .native)
        }
        func record(_ day: Int, _ assessments: [Assessment]) throws -> Cycle {
            let start = at.addingTimeInterval(Double(day) * 86_400)
            return try db.store.recordDefenderCycle(
                NewCycle(kind: .defender, start: start, visibleAt: start.addingTimeInterval(3600), tenantVersion: 1),
                assessments: assessments)
        }
        let day0 = [assessment(2, "k2", .healthy, on: 0), assessment(1, "k1", .unhealthy, on: 0)]
        let first = try record(0, day0)
        // Day 1: app1 unchanged (its date moved, which alone is no change), app2 turned unhealthy.
        let second = try record(1, [assessment(1, "k1", .unhealthy, on: 1), assessment(2, "k2", .unhealthy, on: 1)])
        let third = try record(2, [assessment(1, "k1", .unhealthy, on: 2)])
        #expect([first.changedCount, second.changedCount, third.changedCount] == [2, 1, 1] as [Int])
        #expect(
            try db.store.assessments(asOfCycle: first.seq) == Array(day0.reversed()), "sorted by resource, then key")
        #expect(try db.store.assessments(asOfCycle: second.seq) == [day0[1], assessment(2, "k2", .unhealthy, on: 1)])
        #expect(try db.store.assessments(asOfCycle: third.seq) == [day0[1]])
    }

    /// SQLite only: a file written by another schema (PostgresHistoryTests refuses a database's).
    @Test func aHistoryFromAnotherSchemaIsRefusedUntouched() throws {
        let db = try TemporaryDatabase()
        let path = db.directory.appendingPathComponent("history.sqlite").path
        try DatabaseQueue(path: path).write {
            try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9 from elsewhere')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try HistoryStore(path: path) } throws: { ($0 as? HistoryError)?.code == .unknownSchema }
        #expect { try HistoryStore(readingFrom: path) } throws: { ($0 as? HistoryError)?.code == .unknownSchema }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
