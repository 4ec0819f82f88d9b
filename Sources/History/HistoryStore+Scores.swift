import Defender
import Foundation
import GRDB

extension HistoryStore {
    /// Records a score computation: every subscription's total and controls, in one transaction.
    /// `subscriptions`: the subscriptions it shows (with the scores' own); the previous computation's
    /// rows of other subscriptions carry over. Nil: every subscription.
    @discardableResult
    package func recordScoreCycle(_ new: NewCycle, scores: [SubscriptionScore], subscriptions: Set<String>?) throws
        -> Cycle
    {
        try queue.write { db in
            let seq = try Self.nextSeq(db, for: new)
            var texts = try TextDictionary(db)
            if let subscriptions {
                let shown = Set(subscriptions.union(scores.map(\.subscriptionId)).map { $0.lowercased() })
                try Self.carryScores(db, into: seq, except: shown)
            }
            let insert = try db.cachedStatement(
                sql:
                    "INSERT INTO scores (seq, subscription_id, control_key, display_name, points, current, healthy, unhealthy, not_applicable, weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            var count = 0
            for s in scores {
                let subscription = try texts.id(db, s.subscriptionId)
                let none = try texts.id(db, "")
                let total = s.score
                try insert.execute(arguments: [
                    seq, subscription, none, none, total.max, total.current, 0, 0, 0, s.weight,
                ])
                count += 1
                for c in s.controls {
                    try insert.execute(arguments: [
                        seq, subscription, try texts.id(db, c.key), try texts.id(db, c.displayName), c.maxScore,
                        c.reported?.current,
                        c.healthy, c.unhealthy, c.notApplicable, c.weight,
                    ])
                    count += 1
                }
            }
            let changed = try Self.changedScoreRows(db, seq: seq)
            // Counted, not summed from the statements: an observed store writes through triggers.
            let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scores WHERE seq = ?", arguments: [seq]) ?? count
            return try Self.insertCycle(db, new, seq: seq, resultCount: rows, changedCount: changed)
        }
    }

    /// Copies the previous score computation's rows of every subscription not in `shown` (lower-cased)
    /// into computation `seq`.
    static func carryScores(_ db: Database, into seq: Int, except shown: Set<String>) throws {
        guard
            let previous = try Int.fetchOne(
                db, sql: "SELECT MAX(seq) FROM cycles WHERE kind = ? AND seq < ?",
                arguments: [Cycle.Kind.score.rawValue, seq])
        else { return }
        let subscriptions = try Row.fetchAll(
            db,
            sql:
                "SELECT DISTINCT subscription_id, t.text FROM scores JOIN texts t ON t.id = subscription_id WHERE seq = ?",
            arguments: [previous])
        for row in subscriptions where !shown.contains((row[1] as String).lowercased()) {
            try db.execute(
                sql: """
                    INSERT INTO scores (seq, subscription_id, control_key, display_name, points, current, healthy,
                                        unhealthy, not_applicable, weight)
                    SELECT ?, subscription_id, control_key, display_name, points, current, healthy, unhealthy,
                           not_applicable, weight
                    FROM scores WHERE seq = ? AND subscription_id = ?
                    """, arguments: [seq, previous, row[0] as Int64])
        }
    }

    /// How many score rows (a subscription's total or one of its controls) differ from the previous
    /// score computation's: new, changed or gone. The first computation changes every row.
    static func changedScoreRows(_ db: Database, seq: Int) throws -> Int {
        guard
            let previous = try Int.fetchOne(
                db, sql: "SELECT MAX(seq) FROM cycles WHERE kind = ? AND seq < ?",
                arguments: [Cycle.Kind.score.rawValue, seq])
        else {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scores WHERE seq = ?", arguments: [seq]) ?? 0
        }
        let differing = """
            SELECT COUNT(*) FROM scores a WHERE a.seq = ? AND NOT EXISTS (
                SELECT 1 FROM scores b WHERE b.seq = ? AND b.subscription_id = a.subscription_id
                AND b.control_key = a.control_key AND a.display_name = b.display_name AND a.points = b.points
                AND a.current IS b.current AND a.healthy = b.healthy AND a.unhealthy = b.unhealthy
                AND a.not_applicable = b.not_applicable AND a.weight = b.weight)
            """
        let gone = """
            SELECT COUNT(*) FROM scores b WHERE b.seq = ? AND NOT EXISTS (
                SELECT 1 FROM scores a WHERE a.seq = ? AND a.subscription_id = b.subscription_id
                AND a.control_key = b.control_key)
            """
        return (try Int.fetchOne(db, sql: differing, arguments: [seq, previous]) ?? 0)
            + (try Int.fetchOne(db, sql: gone, arguments: [previous, seq]) ?? 0)
    }

    /// The scores visible at `instant` (the newest score computation visible then), rebuilt as
    /// subscription scores, with the cycle they come from.
    package func scores(visibleAt instant: Date) throws -> (cycle: Cycle, scores: [SubscriptionScore])? {
        try queue.read { db in
            guard let cycle = try Self.latestCycle(db, kinds: [.score], visibleAt: instant) else { return nil }
            return (cycle, try Self.scores(db, seq: cycle.seq, reported: stream == .observed))
        }
    }

    /// The scores of computation `seq`; `reported`: each subscription's total is the one stored (an
    /// observed score, as Azure reported it) rather than the sum of its controls.
    static func scores(_ db: Database, seq: Int, reported: Bool) throws -> [SubscriptionScore] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.text, k.text, n.text, points, healthy, unhealthy, not_applicable, weight, current
                FROM scores JOIN texts s ON s.id = subscription_id JOIN texts k ON k.id = control_key JOIN texts n ON n.id = display_name
                WHERE seq = ? ORDER BY s.text, k.text
                """,
            arguments: [seq])
        var result: [SubscriptionScore] = []
        for row in rows {
            let sub: String = row[0]
            let key: String = row[1]
            if key.isEmpty {
                let total = reported ? ScoreDetails(max: row[3], current: row[8] ?? 0) : nil
                result.append(SubscriptionScore(subscriptionId: sub, controls: [], weight: row[7], reported: total))
            } else if !result.isEmpty {
                result[result.count - 1].controls.append(
                    ControlScore(
                        key: key, displayName: row[2], maxScore: row[3], healthy: row[4], unhealthy: row[5],
                        notApplicable: row[6],
                        reported: reported ? (row[8] as Double?).map { ScoreDetails(max: row[3], current: $0) } : nil))
            }
        }
        return result
    }
}
