import Defender
import Foundation
import History

extension PostgresHistoryStore {
    /// Records a score computation: every subscription's total and controls, in one transaction.
    /// `subscriptions`: the subscriptions it shows (with the scores' own); the previous computation's
    /// rows of other subscriptions carry over. Nil: every subscription.
    @discardableResult
    package func recordScoreCycle(_ new: NewCycle, scores: [SubscriptionScore], subscriptions: Set<String>?) throws
        -> Cycle
    {
        try write {
            let seq = try nextSeq(for: new)
            if let subscriptions {
                let shown = Set(subscriptions.union(scores.map(\.subscriptionId)).map { $0.lowercased() })
                try carryScores(into: seq, except: shown)
            }
            var texts = TextDictionary(try texts())
            var rows: [[PostgresValue]] = []
            for s in scores {
                let subscription = texts.id(s.subscriptionId)
                let none = texts.id("")
                let total = s.score
                rows.append([
                    .number(seq), .int(subscription), .int(none), .int(none), .double(total.max),
                    .double(total.current), .number(0), .number(0), .number(0), .number(s.weight),
                ])
                for c in s.controls {
                    rows.append([
                        .number(seq), .int(subscription), .int(texts.id(c.key)), .int(texts.id(c.displayName)),
                        .double(c.maxScore), .double(c.reported?.current), .number(c.healthy), .number(c.unhealthy),
                        .number(c.notApplicable), .number(c.weight),
                    ])
                }
            }
            try write(&texts)
            try session.insert(
                into: "scores",
                columns: [
                    "seq", "subscription_id", "control_key", "display_name", "points", "current", "healthy",
                    "unhealthy", "not_applicable", "weight",
                ], rows: rows)
            let count = try session.scalarInt("SELECT COUNT(*) FROM scores WHERE seq = $1", [.number(seq)])
            return try insertCycle(
                new, seq: seq, resultCount: Int(count ?? Int64(rows.count)),
                changedCount: try changedScoreRows(seq: seq))
        }
    }

    /// Copies the previous score computation's rows of every subscription not in `shown` (lower-cased)
    /// into computation `seq`.
    func carryScores(into seq: Int, except shown: Set<String>) throws {
        guard
            let previous = try session.scalarInt(
                "SELECT MAX(seq) FROM cycles WHERE kind = $1 AND seq < $2",
                [.text(Cycle.Kind.score.rawValue), .number(seq)])
        else { return }
        let subscriptions = try session.query(
            "SELECT DISTINCT subscription_id, t.text FROM scores JOIN texts t ON t.id = subscription_id WHERE seq = $1",
            [.int(previous)])
        for row in subscriptions where !shown.contains(try row.text(1).lowercased()) {
            _ = try session.query(
                """
                INSERT INTO scores (seq, subscription_id, control_key, display_name, points, current, healthy,
                                    unhealthy, not_applicable, weight)
                SELECT $1, subscription_id, control_key, display_name, points, current, healthy, unhealthy,
                       not_applicable, weight
                FROM scores WHERE seq = $2 AND subscription_id = $3
                """, [.number(seq), .int(previous), .int(try row.int(0))])
        }
    }

    /// How many score rows differ from the previous score computation's: new, changed or gone.
    func changedScoreRows(seq: Int) throws -> Int {
        guard
            let previous = try session.scalarInt(
                "SELECT MAX(seq) FROM cycles WHERE kind = $1 AND seq < $2",
                [.text(Cycle.Kind.score.rawValue), .number(seq)])
        else {
            return Int(try session.scalarInt("SELECT COUNT(*) FROM scores WHERE seq = $1", [.number(seq)]) ?? 0)
        }
        let differing = """
            SELECT COUNT(*) FROM scores a WHERE a.seq = $1 AND NOT EXISTS (
                SELECT 1 FROM scores b WHERE b.seq = $2 AND b.subscription_id = a.subscription_id
                AND b.control_key = a.control_key AND a.display_name = b.display_name AND a.points = b.points
                AND a.current IS NOT DISTINCT FROM b.current AND a.healthy = b.healthy AND a.unhealthy = b.unhealthy
                AND a.not_applicable = b.not_applicable AND a.weight = b.weight)
            """
        let gone = """
            SELECT COUNT(*) FROM scores b WHERE b.seq = $1 AND NOT EXISTS (
                SELECT 1 FROM scores a WHERE a.seq = $2 AND a.subscription_id = b.subscription_id
                AND a.control_key = b.control_key)
            """
        return Int(try session.scalarInt(differing, [.number(seq), .int(previous)]) ?? 0)
            + Int(try session.scalarInt(gone, [.int(previous), .number(seq)]) ?? 0)
    }

    /// Every score computation, in visibility order.
    package func scoreCycles() throws -> [Cycle] {
        try read { try cycles(" WHERE kind = 'score' ORDER BY seq") }
    }

    /// The subscription totals of these score computations, by cycle number.
    package func scoreTotals(cycles seqs: [Int]) throws -> [Int: [SubscriptionTotal]] {
        guard !seqs.isEmpty else { return [:] }
        return try read {
            var result: [Int: [SubscriptionTotal]] = [:]
            for row in try session.query(
                """
                SELECT s.seq, sub.text, s.points, s.current, s.weight FROM scores s
                JOIN texts k ON k.id = s.control_key AND k.text = ''
                JOIN texts sub ON sub.id = s.subscription_id
                WHERE s.seq = ANY($1) ORDER BY s.seq, sub.text COLLATE "C"
                """, [.ints(Set(seqs).sorted().map(Int64.init))])
            {
                result[Int(try row.int(0)), default: []].append(
                    SubscriptionTotal(
                        subscriptionId: try row.text(1),
                        score: ScoreDetails(max: try row.double(2), current: try row.optionalDouble(3) ?? 0),
                        weight: Int(try row.int(4))))
            }
            return result
        }
    }

    /// The full scores (subscriptions and controls) of these score computations, by cycle number.
    package func scores(cycles seqs: [Int]) throws -> [Int: [SubscriptionScore]] {
        try read {
            var result: [Int: [SubscriptionScore]] = [:]
            for seq in Set(seqs) { result[seq] = try scores(seq: seq) }
            return result
        }
    }

    /// The scores visible at `instant` (the newest score computation visible then), with its cycle.
    package func scores(visibleAt instant: Date) throws -> (cycle: Cycle, scores: [SubscriptionScore])? {
        try read {
            guard let cycle = try latestCycle(kinds: [.score], visibleAt: instant) else { return nil }
            return (cycle, try scores(seq: cycle.seq))
        }
    }

    /// The scores of computation `seq` (`ScoresBuilder`); on the observed stream each total is the
    /// one Azure reported.
    func scores(seq: Int) throws -> [SubscriptionScore] {
        var builder = ScoresBuilder(reported: stream == .observed)
        for row in try session.query(
            """
            SELECT s.text, k.text, n.text, points, healthy, unhealthy, not_applicable, weight, current
            FROM scores JOIN texts s ON s.id = subscription_id JOIN texts k ON k.id = control_key
            JOIN texts n ON n.id = display_name
            WHERE seq = $1 ORDER BY s.text COLLATE "C", k.text COLLATE "C"
            """, [.number(seq)])
        {
            builder.add(
                subscription: try row.text(0), control: try row.text(1), displayName: try row.text(2),
                points: try row.double(3), healthy: Int(try row.int(4)), unhealthy: Int(try row.int(5)),
                notApplicable: Int(try row.int(6)), weight: Int(try row.int(7)), current: try row.optionalDouble(8))
        }
        return builder.scores
    }
}
