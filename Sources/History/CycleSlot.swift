import Foundation
import PolicyModel

/// Where a cycle being recorded goes, the same whatever the store: a cycle of its own, numbered
/// after the last, or, for a worker of a sharded run, the last cycle, to which it adds its part.
package enum CycleSlot: Sendable {
    /// A new cycle with this number.
    case new(Int)
    /// The last cycle, recorded by other workers so far.
    case join(CycleShards)

    /// The cycle's number.
    package var seq: Int {
        switch self {
        case .new(let seq): seq
        case .join(let shards): shards.cycle.seq
        }
    }

    /// Decides where `new` goes, given the last cycle, its parts when it is sharded, whether a cycle
    /// of the same kind, start and source is recorded, and the highest number in use. Cycles arrive
    /// in visibility order; none follows a sharded cycle that lacks a part. Throws `HistoryError`
    /// `.alreadyRecorded`, `.outOfOrder`, `.awaitingShards` or `.shardMismatch`.
    package static func of(
        _ new: NewCycle, last: Cycle?, lastShards: CycleShards?, exists: Bool
    ) throws -> CycleSlot {
        if let shard = new.shard, !new.kind.isPolicyEvaluation {
            throw HistoryError(
                .outOfOrder, "a \(new.kind.rawValue) cycle is recorded whole, not by shard \(shard)")
        }
        if let lastShards, let last, !lastShards.isComplete, let shard = new.shard,
            last.kind == new.kind, last.start == new.start, last.source == new.source
        {
            guard shard.count == lastShards.count else {
                throw HistoryError(
                    .shardMismatch,
                    "\(lastShards.summary); this run is shard \(shard), of \(shard.count): every worker of a "
                        + "sharded run gives the same count", cycle: last.seq)
            }
            guard !lastShards.recorded.contains(shard.index) else {
                throw HistoryError(
                    .alreadyRecorded,
                    "shard \(shard) already recorded its part of the \(new.kind.rawValue) cycle starting at "
                        + ISO8601.format(new.start), cycle: last.seq)
            }
            return .join(lastShards)
        }
        if exists {
            throw HistoryError(
                .alreadyRecorded,
                "a \(new.kind.rawValue) cycle starting at \(ISO8601.format(new.start)) is already recorded")
        }
        if let lastShards, let last, !lastShards.isComplete {
            throw HistoryError(
                .awaitingShards,
                "\(lastShards.summary); \(lastShards.missingShards) must record theirs before any other cycle "
                    + "is recorded", cycle: last.seq)
        }
        if let last, (new.visibleAt, new.kind.tieOrder) < (last.visibleAt, last.kind.tieOrder) {
            throw HistoryError(
                .outOfOrder,
                "a \(new.kind.rawValue) cycle visible at \(ISO8601.format(new.visibleAt)) arrives after a "
                    + "\(last.kind.rawValue) cycle visible at \(ISO8601.format(last.visibleAt)); cycles are recorded "
                    + "in visibility order")
        }
        return .new((last?.seq ?? 0) + 1)
    }
}
