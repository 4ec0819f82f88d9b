import Foundation
import GRDB

extension HistoryStore {
    /// SQLite's "v6 cycle shards": the workers of a sharded run that recorded their part of a cycle.
    static let cycleShardsTable = """
        CREATE TABLE cycle_shards (
            seq INTEGER NOT NULL REFERENCES cycles(seq),
            shard INTEGER NOT NULL,
            shards INTEGER NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (seq, shard)
        )
        """

    /// The parts of the last recorded cycle when workers of a sharded run recorded it.
    package func lastCycleShards() throws -> CycleShards? {
        try queue.read { db in try Self.lastCycleShards(db) }
    }

    static func lastCycleShards(_ db: Database) throws -> CycleShards? {
        guard let last = try Row.fetchOne(db, sql: cycleSelect + " ORDER BY seq DESC LIMIT 1").map(cycle) else {
            return nil
        }
        let rows = try Row.fetchAll(
            db, sql: "SELECT shard, shards, position FROM cycle_shards WHERE seq = ?", arguments: [last.seq])
        guard let count: Int = rows.first?[1] else { return nil }
        return CycleShards(
            cycle: last, recorded: Set(rows.map { $0[0] as Int }), count: count,
            completedBy: rows.first { ($0[2] as Int) == count }?[0])
    }

    /// Where `new` goes (`CycleSlot`), inside the caller's transaction.
    static func slot(_ db: Database, for new: NewCycle) throws -> CycleSlot {
        let exists =
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM cycles WHERE kind = ? AND start = ? AND source = ?)",
                arguments: [new.kind.rawValue, new.start.timeIntervalSince1970, new.source]) == true
        let last = try Row.fetchOne(db, sql: cycleSelect + " ORDER BY seq DESC LIMIT 1").map(cycle)
        return try CycleSlot.of(new, last: last, lastShards: try lastCycleShards(db), exists: exists)
    }

    /// Writes a policy cycle's row: a new one, or, for a worker joining the last cycle, that row
    /// with the part's counts added. A worker's part is noted in `cycle_shards`.
    static func finishCycle(_ db: Database, _ new: NewCycle, slot: CycleSlot, resultCount: Int, changedCount: Int)
        throws -> Cycle
    {
        var recorded: Cycle
        var position = 1
        switch slot {
        case .new(let seq):
            recorded = try insertCycle(db, new, seq: seq, resultCount: resultCount, changedCount: changedCount)
        case .join(let shards):
            recorded = shards.cycle
            position = shards.recorded.count + 1
            recorded.resultCount += resultCount
            recorded.changedCount += changedCount
            try db.execute(
                sql: "UPDATE cycles SET result_count = ?, changed_count = ? WHERE seq = ?",
                arguments: [recorded.resultCount, recorded.changedCount, recorded.seq])
        }
        if let shard = new.shard {
            try db.execute(
                sql: "INSERT INTO cycle_shards (seq, shard, shards, position) VALUES (?, ?, ?, ?)",
                arguments: [recorded.seq, shard.index, shard.count, position])
        }
        return recorded
    }
}
