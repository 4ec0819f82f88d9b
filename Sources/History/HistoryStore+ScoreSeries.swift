import Defender
import Foundation
import GRDB

/// A subscription's total in one score computation.
package struct SubscriptionTotal: Sendable, Equatable {
    package var subscriptionId: String
    package var score: ScoreDetails
    /// Its assessed resources: its weight when subscriptions combine.
    package var weight: Int

    package init(subscriptionId: String, score: ScoreDetails, weight: Int) {
        self.subscriptionId = subscriptionId
        self.score = score
        self.weight = weight
    }
}

extension HistoryStore {
    /// Every score computation, in visibility order.
    package func scoreCycles() throws -> [Cycle] {
        try queue.read { db in
            try Row.fetchAll(db, sql: Self.cycleSelect + " WHERE kind = 'score' ORDER BY seq").map(Self.cycle)
        }
    }

    /// The subscription totals of these score computations, by cycle number: what an overall or
    /// per-subscription trend needs, without the controls.
    package func scoreTotals(cycles seqs: [Int]) throws -> [Int: [SubscriptionTotal]] {
        guard !seqs.isEmpty else { return [:] }
        return try queue.read { db in
            var result: [Int: [SubscriptionTotal]] = [:]
            let list = "[" + Set(seqs).sorted().map(String.init).joined(separator: ",") + "]"
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT s.seq, sub.text, s.points, s.current, s.weight
                    FROM json_each(?) t JOIN scores s ON s.seq = t.value
                    JOIN texts k ON k.id = s.control_key AND k.text = ''
                    JOIN texts sub ON sub.id = s.subscription_id
                    ORDER BY s.seq, sub.text
                    """,
                arguments: [list])
            while let row = try rows.next() {
                result[row[0], default: []].append(
                    SubscriptionTotal(
                        subscriptionId: row[1], score: ScoreDetails(max: row[2], current: row[3]), weight: row[4]))
            }
            return result
        }
    }

    /// The full scores (subscriptions and controls) of these score computations, by cycle number.
    package func scores(cycles seqs: [Int]) throws -> [Int: [SubscriptionScore]] {
        try queue.read { db in
            var result: [Int: [SubscriptionScore]] = [:]
            for seq in Set(seqs) { result[seq] = try Self.scores(db, seq: seq, reported: stream == .observed) }
            return result
        }
    }
}
