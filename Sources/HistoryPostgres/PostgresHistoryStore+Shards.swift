import Foundation
import History

extension PostgresHistoryStore {
    /// The parts of the last recorded cycle when workers of a sharded run recorded it.
    package func lastCycleShards() throws -> CycleShards? {
        try read { try lastShards() }
    }

    func lastShards() throws -> CycleShards? {
        guard let last = try cycles(" ORDER BY seq DESC LIMIT 1").first else { return nil }
        let rows = try session.query(
            "SELECT shard, shards, position FROM cycle_shards WHERE seq = $1", [.number(last.seq)])
        guard let count = try rows.first?.int(1) else { return nil }
        return CycleShards(
            cycle: last, recorded: Set(try rows.map { Int(try $0.int(0)) }), count: Int(count),
            completedBy: try rows.first { try $0.int(2) == count }.map { Int(try $0.int(0)) })
    }

    /// Where `new` goes (`CycleSlot`), inside the caller's transaction.
    func slot(for new: NewCycle) throws -> CycleSlot {
        let exists = try session.query(
            "SELECT EXISTS (SELECT 1 FROM cycles WHERE kind = $1 AND start = $2 AND source = $3)",
            [.text(new.kind.rawValue), .double(new.start.timeIntervalSince1970), .text(new.source)])[0].bool(0)
        let last = try cycles(" ORDER BY seq DESC LIMIT 1").first
        return try CycleSlot.of(new, last: last, lastShards: try lastShards(), exists: exists)
    }

    /// Writes a policy cycle's row: a new one, or, for a worker joining the last cycle, that row
    /// with the part's counts added. A worker's part is noted in `cycle_shards`.
    func finishCycle(_ new: NewCycle, slot: CycleSlot, resultCount: Int, changedCount: Int) throws -> Cycle {
        var recorded: Cycle
        var position = 1
        switch slot {
        case .new(let seq):
            recorded = try insertCycle(new, seq: seq, resultCount: resultCount, changedCount: changedCount)
        case .join(let shards):
            recorded = shards.cycle
            position = shards.recorded.count + 1
            recorded.resultCount += resultCount
            recorded.changedCount += changedCount
            _ = try session.query(
                "UPDATE cycles SET result_count = $1, changed_count = $2 WHERE seq = $3",
                [.number(recorded.resultCount), .number(recorded.changedCount), .number(recorded.seq)])
        }
        if let shard = new.shard {
            try session.insert(
                into: "cycle_shards", columns: ["seq", "shard", "shards", "position"],
                rows: [[.number(recorded.seq), .number(shard.index), .number(shard.count), .number(position)]])
        }
        return recorded
    }
}
