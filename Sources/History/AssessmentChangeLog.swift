import Foundation
import GRDB

/// The assessments' statuses over time in the form `score delta` reads: per Defender cycle, the
/// (resource, key) pairs whose `StatusCode` changed, and now and then a checkpoint of every
/// pair's code. A long delta then reads a checkpoint and a few blobs instead of every interval row.
///
/// Blobs are arrays of little-endian `UInt64`s: a change is (pair, before, after), a checkpoint
/// entry (pair, code), a pair being `resource << 32 | key`; both are sorted by pair. A checkpoint
/// is written when the changes logged since the last one reach a quarter of the pairs, so reading
/// a state never costs more than about 1.25 times its size. Written in the cycle's transaction.
package enum AssessmentChangeLog {
    package struct Change: Equatable {
        var pair: UInt64
        var before: StatusCode
        var after: StatusCode
    }

    /// Logs cycle `seq`'s changes (sorted by pair), and a checkpoint of `state` (sorted by pair,
    /// built only when one is due).
    static func record(_ db: Database, seq: Int, changes: [Change], state: () -> [PairStatus]) throws {
        guard !changes.isEmpty else { return }
        try db.execute(
            sql: "INSERT INTO assessment_changes (seq, count, changes) VALUES (?, ?, ?)",
            arguments: [seq, changes.count, blob(changes)])
        let since = try Int.fetchOne(db, sql: sinceCheckpointSQL) ?? 0
        let count = try Int.fetchOne(db, sql: "SELECT count FROM assessment_checkpoints ORDER BY seq DESC LIMIT 1") ?? 0
        guard checkpointDue(since: since, checkpointCount: count) else { return }
        let entries = state()
        try db.execute(
            sql: "INSERT INTO assessment_checkpoints (seq, count, state) VALUES (?, ?, ?)",
            arguments: [seq, entries.count, blob(entries)])
    }

    /// How many changes were logged since the last checkpoint (after the cycle's own are written).
    package static let sinceCheckpointSQL = """
        SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM assessment_changes
        WHERE seq > COALESCE((SELECT MAX(seq) FROM assessment_checkpoints), 0)
        """

    /// Whether a checkpoint is due: the changes logged since the last one (`since`) reach a quarter
    /// of its pairs (`checkpointCount`).
    package static func checkpointDue(since: Int, checkpointCount: Int) -> Bool {
        since * 4 >= checkpointCount
    }

    /// A cycle's changes as stored.
    package static func blob(_ changes: [Change]) -> Data {
        blob(changes.flatMap { [$0.pair, $0.before.bits, $0.after.bits] })
    }

    /// A checkpoint as stored.
    package static func blob(_ state: [PairStatus]) -> Data {
        blob(state.flatMap { [$0.pair, $0.code.bits] })
    }

    /// A checkpoint's entries, stored as `blob` (of the checkpoint at cycle `seq`).
    package static func state(checkpoint blob: Data, seq: Int) throws -> [PairStatus] {
        let words = try integers(blob, stride: 2, what: "checkpoint \(seq)")
        var state: [PairStatus] = []
        state.reserveCapacity(words.count / 2)
        for i in Swift.stride(from: 0, to: words.count, by: 2) {
            state.append(PairStatus(pair: words[i], code: StatusCode(bits: words[i + 1])))
        }
        return state
    }

    /// A cycle's changes, stored as `blob`, as the protocol hands them out.
    package static func pairChanges(_ blob: Data, cycle: Int) throws -> [PairChange] {
        let words = try integers(blob, stride: 3, what: "the changes of cycle \(cycle)")
        var changes: [PairChange] = []
        changes.reserveCapacity(words.count / 3)
        for i in Swift.stride(from: 0, to: words.count, by: 3) {
            changes.append(
                PairChange(
                    resource: Int64(words[i] >> 32), key: Int64(words[i] & 0xFFFF_FFFF),
                    before: StatusCode(bits: words[i + 1]), after: StatusCode(bits: words[i + 2])))
        }
        return changes
    }

    /// Every pair's code after cycle `seq`, sorted by pair.
    static func state(_ db: Database, after seq: Int) throws -> [PairStatus] {
        var state: [PairStatus] = []
        var checkpoint = 0
        if let row = try Row.fetchOne(
            db, sql: "SELECT seq, state FROM assessment_checkpoints WHERE seq <= ? ORDER BY seq DESC LIMIT 1",
            arguments: [seq])
        {
            checkpoint = row[0]
            state = try Self.state(checkpoint: row[1], seq: checkpoint)
        }
        guard checkpoint < seq else { return state }
        return try applying(netChanges(db, after: checkpoint, through: seq), to: state)
    }

    /// `state` (sorted by pair) with `net` changes (sorted by pair) applied.
    package static func applying(_ net: [(change: Change, seq: Int)], to state: [PairStatus]) throws -> [PairStatus] {
        var result: [PairStatus] = []
        result.reserveCapacity(state.count + net.count)
        var i = 0
        for change in net {
            while i < state.count, state[i].pair < change.change.pair {
                result.append(state[i])
                i += 1
            }
            let current = i < state.count && state[i].pair == change.change.pair ? state[i].code : .none
            guard current == change.change.before else { throw inconsistent(change.change.pair, seq: change.seq) }
            if i < state.count, state[i].pair == change.change.pair { i += 1 }
            if change.change.after.exists {
                result.append(PairStatus(pair: change.change.pair, code: change.change.after))
            }
        }
        result.append(contentsOf: state[i...])
        return result
    }

    /// The net change of every pair that changed in cycles `after` < seq ≤ `through`, sorted by
    /// pair: its code before the first change and after the last, and the cycle of the last
    /// (before and after may be equal: it changed and changed back).
    static func netChanges(_ db: Database, after from: Int, through to: Int) throws -> [(change: Change, seq: Int)] {
        var logged: [(seq: Int, changes: Data)] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT seq, changes FROM assessment_changes WHERE seq > ? AND seq <= ? ORDER BY seq",
            arguments: [from, to])
        while let row = try rows.next() { logged.append((row[0], row[1])) }
        return try netChanges(logged)
    }

    /// The net change of every pair that changed in the `logged` cycles (in cycle order, as stored),
    /// sorted by pair (see `netChanges(_:after:through:)`).
    package static func netChanges(_ logged: [(seq: Int, changes: Data)]) throws -> [(change: Change, seq: Int)] {
        var all: [(change: Change, seq: Int)] = []
        for (seq, blob) in logged {
            let words = try integers(blob, stride: 3, what: "the changes of cycle \(seq)")
            for i in Swift.stride(from: 0, to: words.count, by: 3) {
                all.append(
                    (
                        Change(
                            pair: words[i], before: StatusCode(bits: words[i + 1]),
                            after: StatusCode(bits: words[i + 2])), seq
                    ))
            }
        }
        all.sort { ($0.change.pair, $0.seq) < ($1.change.pair, $1.seq) }
        var net: [(change: Change, seq: Int)] = []
        net.reserveCapacity(all.count)
        for (change, seq) in all {
            if let last = net.last, last.change.pair == change.pair {
                guard last.change.after == change.before else { throw inconsistent(change.pair, seq: seq) }
                net[net.count - 1] = (Change(pair: change.pair, before: last.change.before, after: change.after), seq)
            } else {
                net.append((change, seq))
            }
        }
        return net
    }

    /// Builds the log from the interval rows, for a history recorded before the log existed.
    static func backfill(_ db: Database) throws {
        var state: [UInt64: StatusCode] = [:]
        for seq in try Int.fetchAll(db, sql: "SELECT seq FROM cycles WHERE kind = 'defender' ORDER BY seq") {
            var before: [UInt64: StatusCode] = [:]
            try db.scan(
                "SELECT (resource << 32) | assessment_key, \(StatusCode.column) FROM assessments WHERE to_seq = ?1",
                arguments: [seq]
            ) { row in
                before[UInt64(bitPattern: row.int(0))] = StatusCode(bits: UInt64(row.int(1)))
            }
            var after: [UInt64: StatusCode] = [:]
            try db.scan(
                "SELECT (resource << 32) | assessment_key, \(StatusCode.column) FROM assessments WHERE from_seq = ?1",
                arguments: [seq]
            ) { row in
                after[UInt64(bitPattern: row.int(0))] = StatusCode(bits: UInt64(row.int(1)))
            }
            var changes: [Change] = []
            for pair in Set(before.keys).union(after.keys) {
                let change = Change(pair: pair, before: before[pair] ?? .none, after: after[pair] ?? .none)
                if change.before != change.after { changes.append(change) }
                state[pair] = change.after.exists ? change.after : nil
            }
            changes.sort { $0.pair < $1.pair }
            try record(db, seq: seq, changes: changes) {
                state.map { PairStatus(pair: $0.key, code: $0.value) }.sorted { $0.pair < $1.pair }
            }
        }
    }

    private static func blob(_ words: [UInt64]) -> Data {
        words.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func integers(_ data: Data, stride: Int, what: String) throws -> [UInt64] {
        guard data.count % (8 * stride) == 0 else {
            throw HistoryError(.damaged, "the assessment change log is damaged: \(what) is \(data.count) bytes long")
        }
        return data.withUnsafeBytes { raw in
            (0..<data.count / 8).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
        }
    }

    static func inconsistent(_ pair: UInt64, seq: Int) -> HistoryError {
        HistoryError(
            .damaged,
            "the assessment change log is inconsistent at cycle \(seq): resource \(pair >> 32), key \(pair & 0xFFFF_FFFF) changes from a status it did not have",
            cycle: seq)
    }
}
