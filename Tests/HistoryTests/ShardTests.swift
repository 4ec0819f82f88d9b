import Foundation
import History
import PolicyModel
import Testing

@Suite struct ShardTests {
    @Test func parsesWorkerOfCount() {
        #expect(Shard("2/4") == Shard(index: 2, count: 4))
        #expect(Shard("1/1") == Shard(index: 1, count: 1))
        #expect(Shard("1024/1024") != nil)
        for bad in [
            "0/4", "5/4", "1/0", "-1/4", "1/1025", "a/b", "1/4/5", "14", "/4", "2/", " 2/4", "2/4 ", "٢/4", "", "01/03",
            "+1/3", "1/+3", "99999/99999",
        ] {
            #expect(Shard(bad) == nil, "\(bad)")
        }
    }

    @Test func everySubscriptionHasExactlyOneOwnerWhateverItsCase() {
        let ids = (0..<500).map { String(format: "%08x-0000-4000-8000-%012x", $0 * 7919, $0) }
        for count in [1, 2, 3, 4, 7] {
            let shards = (1...count).map { Shard(index: $0, count: count)! }
            var perShard = Array(repeating: 0, count: count)
            for id in ids {
                let owners = shards.filter { $0.owns(subscription: id) }
                #expect(owners.count == 1)
                #expect(shards.filter { $0.owns(subscription: id.uppercased()) } == owners)
                perShard[owners[0].index - 1] += 1
            }
            // A hash spreads them: no worker gets less than half its share.
            #expect(perShard.allSatisfy { $0 * count * 2 >= ids.count }, "\(perShard)")
        }
    }

    /// The assignment is part of a sharded history's meaning: a changed hash would move subscriptions
    /// between workers in the middle of a history. (FNV-1a 64 of the lower-cased id, modulo 4, plus 1:
    /// the values checked with an independent implementation.)
    @Test func theAssignmentIsStable() {
        #expect(Shard.owner(of: "00000000-0000-0000-0000-000000000001", among: 4) == 3)
        #expect(Shard.owner(of: "2DCD4324-EF58-43DB-882C-E1E5B01D8FFE", among: 4) == 4)
    }

    static func cycle(_ seq: Int, _ kind: Cycle.Kind, _ start: String) -> Cycle {
        Cycle(
            seq: seq, kind: kind, start: ISO8601.parse(start)!,
            visibleAt: ISO8601.parse(start)!.addingTimeInterval(3600),
            tenantVersion: 1, source: "engine", resultCount: 10, changedCount: 10)
    }

    static func new(_ kind: Cycle.Kind, _ start: String, shard: Shard?) -> NewCycle {
        NewCycle(
            kind: kind, start: ISO8601.parse(start)!, visibleAt: ISO8601.parse(start)!.addingTimeInterval(3600),
            tenantVersion: 1, shard: shard)
    }

    @Test func aWorkerJoinsTheLastCycleWhileItLacksItsPart() throws {
        let last = Self.cycle(7, .policy, "2026-11-01T05:00:00Z")
        let parts = CycleShards(cycle: last, recorded: [1, 3], count: 4)
        let joining = try CycleSlot.of(
            Self.new(.policy, "2026-11-01T05:00:00Z", shard: Shard(index: 2, count: 4)), last: last,
            lastShards: parts, exists: true)
        #expect(joining.seq == 7)
        // Its part recorded already, the worker is told so.
        #expect {
            try CycleSlot.of(
                Self.new(.policy, "2026-11-01T05:00:00Z", shard: Shard(index: 3, count: 4)), last: last,
                lastShards: parts, exists: true)
        } throws: { ($0 as? HistoryError)?.code == .alreadyRecorded }
        // Another count of workers is refused.
        #expect {
            try CycleSlot.of(
                Self.new(.policy, "2026-11-01T05:00:00Z", shard: Shard(index: 2, count: 3)), last: last,
                lastShards: parts, exists: true)
        } throws: { ($0 as? HistoryError)?.code == .shardMismatch }
        // A cycle recorded before it is recorded, whoever asks.
        #expect {
            try CycleSlot.of(
                Self.new(.score, "2026-11-01T02:00:00Z", shard: nil), last: last, lastShards: parts, exists: true)
        } throws: { ($0 as? HistoryError)?.code == .alreadyRecorded }
        // Nothing else follows until every part is in: not a later cycle, not a whole one.
        for new in [
            Self.new(.defender, "2026-11-01T08:00:00Z", shard: nil),
            Self.new(.policy, "2026-11-02T05:00:00Z", shard: Shard(index: 2, count: 4)),
            Self.new(.policy, "2026-11-01T05:00:00Z", shard: nil),
        ] {
            #expect {
                try CycleSlot.of(new, last: last, lastShards: parts, exists: false)
            } throws: { ($0 as? HistoryError)?.code == .awaitingShards }
        }
    }

    @Test func aCompleteCycleIsFollowedAsAWholeOneIs() throws {
        let last = Self.cycle(7, .policy, "2026-11-01T05:00:00Z")
        let parts = CycleShards(cycle: last, recorded: [1, 2], count: 2, completedBy: 1)
        let next = try CycleSlot.of(
            Self.new(.defender, "2026-11-01T08:00:00Z", shard: nil), last: last, lastShards: parts, exists: false)
        #expect(next.seq == 8)
        // Only policy evaluations are recorded in parts.
        #expect {
            try CycleSlot.of(
                Self.new(.score, "2026-11-01T10:00:00Z", shard: Shard(index: 1, count: 2)), last: last,
                lastShards: parts, exists: false)
        } throws: { ($0 as? HistoryError)?.code == .outOfOrder }
    }
}
