import Defender
import Foundation
import History
import HistoryTestSupport
import Testing

/// Azure lists regulatory compliance per subscription: an observed compliance cycle replaces what was
/// shown for the subscriptions it names, and the others' lists stand (issue 18 item 5).
@Suite struct ObservedComplianceScopeTests {
    typealias F = HistoryFixture

    static func items(_ subscription: String, _ state: RegulatoryState) -> [ObservedComplianceItem] {
        [
            ObservedComplianceItem(subscriptionId: subscription, standard: "MCSB", state: state),
            ObservedComplianceItem(subscriptionId: subscription, standard: "MCSB", control: "NS.1", state: state),
        ]
    }

    static func cycle(_ at: String) -> NewCycle {
        NewCycle(kind: .compliance, start: F.date(at), visibleAt: F.date(at), tenantVersion: nil, source: "ingest")
    }

    @Test(arguments: Backend.all) func aSubscriptionsListLeavesTheOthersStanding(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let observed = try db.open(stream: .observed)
        try observed.recordComplianceCycle(Self.cycle("2026-11-01T10:00:00Z"), items: Self.items("s1", .passed))
        let second = try observed.recordComplianceCycle(
            Self.cycle("2026-11-01T10:05:00Z"), items: Self.items("s2", .failed))
        #expect(second.changedCount == 2)
        let both = try #require(try observed.observedCompliance(visibleAt: F.date("2026-11-01T10:05:00Z")))
        #expect(both.cycle.seq == second.seq)
        #expect(both.items.map(\.subscriptionId) == ["s1", "s1", "s2", "s2"])

        // s1's next list replaces s1's only, and counts its own changes only.
        let third = try observed.recordComplianceCycle(
            Self.cycle("2026-11-02T10:00:00Z"), items: [Self.items("s1", .failed)[1]])
        #expect(third.changedCount == 2)  // NS.1 changed, the standard's row gone
        let now = try #require(try observed.observedCompliance(visibleAt: F.date("2026-11-02T10:00:00Z")))
        #expect(
            now.items.map { "\($0.subscriptionId)/\($0.control)/\($0.state.rawValue)" } == [
                "s1/NS.1/Failed", "s2//Failed", "s2/NS.1/Failed",
            ])
        // Before the first list nothing is visible; between them, s1's alone.
        #expect(try observed.observedCompliance(visibleAt: F.date("2026-11-01T09:59:00Z")) == nil)
        let first = try #require(try observed.observedCompliance(visibleAt: F.date("2026-11-01T10:01:00Z")))
        #expect(Set(first.items.map(\.subscriptionId)) == ["s1"])
    }
}
