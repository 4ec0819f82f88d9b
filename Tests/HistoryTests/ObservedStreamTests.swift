import Defender
import Foundation
import GRDB
import HistoryTestSupport
import JSONCore
import PolicyModel
import Testing

@testable import History

/// Schema step v4: what Azure showed is kept apart from what the model computed (issue 18 item 1).
@Suite struct ObservedStreamTests {
    typealias F = HistoryFixture

    @Test(arguments: Backend.all) func observedCyclesNeverTouchModelledRows(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let model = db.store
        let at = F.date("2026-11-01T05:00:00Z")
        try model.recordPolicyCycle(
            NewCycle(kind: .policy, start: at, visibleAt: at, tenantVersion: nil),
            results: PolicyResults(states: [F.state(1, .nonCompliant), F.state(2, .compliant)]))
        let observed = try db.open(stream: .observed)
        // Earlier than the modelled cycle: each stream is ordered on its own.
        let before = F.date("2026-11-01T03:00:00Z")
        let cycle = try observed.recordPolicyCycle(
            NewCycle(kind: .policy, start: before, visibleAt: before, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .compliant)]))
        #expect(cycle.seq == 1)
        #expect(try model.policyResults(visibleAt: at).states.map(\.complianceState) == [.nonCompliant, .compliant])
        #expect(try observed.policyResults(visibleAt: at).states.map(\.complianceState) == [.compliant])
        #expect(try model.cycles().map(\.source) == ["engine"])
        #expect(try observed.cycles().map(\.source) == ["ingest"])
        let reader = try db.reader(stream: .observed)
        #expect(try reader.policyResults(visibleAt: at).states.count == 1)
        #expect(try model.holdsObservedCycles())
        // The model's dump names the observed rows after its own.
        #expect(try model.dump().contains("# observed_policy_states\n1|"))
    }

    @Test(arguments: Backend.all) func aSecondObservedCycleClosesOnlyObservedIntervals(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let observed = try db.open(stream: .observed)
        let day1 = F.date("2026-11-01T05:00:00Z")
        let day2 = F.date("2026-11-02T05:00:00Z")
        try observed.recordPolicyCycle(
            NewCycle(kind: .policy, start: day1, visibleAt: day1, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .nonCompliant)]))
        try observed.recordPolicyCycle(
            NewCycle(kind: .policy, start: day2, visibleAt: day2, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .compliant)]))
        #expect(try observed.policyResults(visibleAt: day1).states.map(\.complianceState) == [.nonCompliant])
        #expect(try observed.policyResults(visibleAt: day2).states.map(\.complianceState) == [.compliant])
        #expect(try db.store.cycles().isEmpty)
    }

    /// SQLite only: an old SQLite file, its schema made by the SQLite migrator.
    @Test func aHistoryFromBeforeTheStepUpgrades() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try HistoryStore.migrator.migrate(queue, upTo: "v3 unevaluated policies")
        try queue.close()
        #expect(throws: HistoryError.self) { try HistoryStore(readingFrom: path) }
        let store = try HistoryStore(path: path)
        #expect(try store.holdsObservedCycles() == false)
        #expect(try HistoryStore(readingFrom: path, stream: .observed).cycles().isEmpty)
    }

    /// Observed compliance is kept as intervals: a cycle writes what appeared or changed and closes what
    /// changed or went, and each instant reads back exactly the lists of its cycle.
    @Test(arguments: Backend.all) func observedComplianceIsKeptAsIntervals(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let observed = try db.open(stream: .observed)
        let standard = ObservedComplianceItem(
            subscriptionId: "s1", standard: "STD", state: .failed, passed: 1, failed: 1)
        let a = ObservedComplianceItem(
            subscriptionId: "s1", standard: "STD", control: "1", state: .passed, passed: 2, description: "one")
        let b = ObservedComplianceItem(subscriptionId: "s1", standard: "STD", control: "2", state: .failed, failed: 3)
        var changedA = a
        changedA.state = .skipped
        let c = ObservedComplianceItem(
            subscriptionId: "s1", standard: "STD", control: "2", assessment: "x", state: .unsupported)
        let record = { (items: [ObservedComplianceItem], at: String) throws -> Cycle in
            let instant = F.date(at)
            return try observed.recordComplianceCycle(
                NewCycle(kind: .compliance, start: instant, visibleAt: instant, tenantVersion: nil, source: "ingest"),
                items: items)
        }
        #expect(try record([standard, a, b], "2026-11-01T05:00:00Z").changedCount == 3)
        #expect(try record([standard, changedA, c], "2026-11-02T05:00:00Z").changedCount == 3)
        #expect(try record([standard, changedA, c], "2026-11-03T05:00:00Z").changedCount == 0)
        let first = try #require(try observed.observedCompliance(visibleAt: F.date("2026-11-01T06:00:00Z")))
        #expect(first.items == [standard, a, b])
        let second = try #require(try observed.observedCompliance(visibleAt: F.date("2026-11-02T06:00:00Z")))
        #expect(second.items == [standard, changedA, c])
        #expect(try observed.observedCompliance(visibleAt: F.date("2026-11-03T06:00:00Z"))?.items == second.items)
        #expect(try observed.observedCompliance(visibleAt: F.date("2026-11-01T04:00:00Z")) == nil)
        // Five rows in all: three written by the first cycle, two by the second.
        #expect(
            try db.store.dump().components(separatedBy: "\n# observed_compliance\n")[1].split(separator: "\n").count
                == 5)
    }

    /// `subscriptions:` scopes a cycle to what it shows: rows of other subscriptions carry over
    /// (the contract every `HistoryWriting` store keeps), for assessments and scores alike.
    @Test(arguments: Backend.all) func aCycleScopedToSubscriptionsLeavesTheOthersStanding(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let observed = try db.open(stream: .observed)
        func assessment(_ sub: String, _ status: Assessment.Status) -> Assessment {
            Assessment(
                key: "k", resourceId: ResourceID("/subscriptions/\(sub)/resourceGroups/rg/providers/X.Y/z/r"),
                subscriptionId: sub, status: status, cause: nil, description: nil,
                firstEvaluationDate: F.date("2026-11-01T00:00:00Z"), statusChangeDate: F.date("2026-11-01T00:00:00Z"),
                origin: .native)
        }
        func cycle(_ kind: Cycle.Kind, _ at: String) -> NewCycle {
            NewCycle(kind: kind, start: F.date(at), visibleAt: F.date(at), tenantVersion: nil, source: "ingest")
        }
        try observed.recordDefenderCycle(
            cycle(.defender, "2026-11-01T10:00:00Z"), assessments: [assessment("s1", .healthy)], resourceTypes: [:],
            subscriptions: ["S1"])
        let second = try observed.recordDefenderCycle(
            cycle(.defender, "2026-11-01T11:00:00Z"), assessments: [assessment("s2", .unhealthy)],
            resourceTypes: [:], subscriptions: [])
        #expect(second.resultCount == 2 && second.changedCount == 1)
        #expect(
            try observed.assessments(visibleAt: F.date("2026-11-01T11:00:00Z")).map(\.subscriptionId) == ["s1", "s2"])
        // Unscoped, a cycle shows every subscription: s1's assessment is gone.
        try observed.recordDefenderCycle(
            cycle(.defender, "2026-11-01T12:00:00Z"), assessments: [assessment("s2", .unhealthy)])
        #expect(try observed.assessments(visibleAt: F.date("2026-11-01T12:00:00Z")).map(\.subscriptionId) == ["s2"])
        func score(_ sub: String, _ current: Double) -> SubscriptionScore {
            SubscriptionScore(
                subscriptionId: sub, controls: [], weight: 1, reported: ScoreDetails(max: 10, current: current))
        }
        try observed.recordScoreCycle(cycle(.score, "2026-11-01T13:00:00Z"), scores: [score("s1", 4)])
        let scored = try observed.recordScoreCycle(
            cycle(.score, "2026-11-01T14:00:00Z"), scores: [score("s2", 8)], subscriptions: ["s2"])
        #expect(scored.resultCount == 2, "\(scored)")
        #expect(scored.changedCount == 1, "\(scored)")
        let visible = try #require(try observed.scores(visibleAt: F.date("2026-11-01T14:00:00Z")))
        #expect(visible.scores.map(\.subscriptionId) == ["s1", "s2"])
        #expect(visible.scores.map(\.score.current) == [4, 8])
    }

    /// An observed control's score is what Azure reported, not recomputed from its counts: Azure rounds
    /// and weighs by its own rules, and observed is what Azure showed (1.5 of 6 here, where
    /// 6 × 1 / (1 + 1) would give 3).
    @Test(arguments: Backend.all) func anObservedControlKeepsTheScoreAzureReported(_ backend: Backend) throws {
        let scores = try JSONParser.parse(
            #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore", "#
                + #""properties": {"score": {"max": 6, "current": 1.5, "percentage": 0.25}, "weight": 2}}]}"#)
        let controls = try JSONParser.parse(
            #"{"value": [{"id": "/subscriptions/s1/providers/Microsoft.Security/secureScores/ascScore/"#
                + #"securescorecontrols/c1", "name": "c1", "properties": {"displayName": "One", "#
                + #""score": {"max": 6, "current": 1.5, "percentage": 0.25}, "healthyResourceCount": 1, "#
                + #""unhealthyResourceCount": 1, "notApplicableResourceCount": 0}}]}"#)
        let decoded = try SubscriptionScore.decodeObserved(
            scores: scores, file: "s.json", controls: controls, controlsFile: "c.json")
        #expect(decoded.first?.controls.first?.score == ScoreDetails(max: 6, current: 1.5))
        let db = try TemporaryHistory(backend)
        let observed = try db.open(stream: .observed)
        let at = F.date("2026-11-01T05:00:00Z")
        try observed.recordScoreCycle(
            NewCycle(kind: .score, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"), scores: decoded)
        let read = try #require(try observed.scores(visibleAt: at)?.scores.first?.controls.first)
        #expect(read.score == ScoreDetails(max: 6, current: 1.5))
        #expect(read.healthy == 1 && read.unhealthy == 1)
    }
}
