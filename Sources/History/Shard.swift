import Foundation
import PolicyModel

/// One of the workers of a sharded run (`posture run --shard K/N`): worker `index` of `count`
/// evaluates the subscriptions a stable hash assigns to it, so every worker, on every machine and
/// every night, agrees on who owns which subscription without asking the others.
package struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// The worker's number, 1…`count`.
    package let index: Int
    /// How many workers share the run.
    package let count: Int

    /// The most workers a run may be split across.
    package static let maximumCount = 1024

    /// Worker `index` of `count`; nil unless 1 ≤ index ≤ count ≤ `maximumCount`.
    package init?(index: Int, count: Int) {
        guard count >= 1, count <= Self.maximumCount, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// `K/N` as the command line gives it; nil when it is not two whole numbers in range.
    package init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        // Plain decimal numbers: no sign, no leading zero, at most four digits.
        let digits = Set("0123456789")
        guard parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(digits.contains) && $0.first != "0" }),
            let index = Int(parts[0]), let count = Int(parts[1])
        else { return nil }
        self.init(index: index, count: count)
    }

    /// `K/N`.
    package var description: String { "\(index)/\(count)" }

    /// Whether this worker owns `subscriptionId` (compared without case): FNV-1a 64 of the
    /// lower-cased id, modulo the worker count. A hash of the id alone, so the assignment never
    /// depends on which other subscriptions exist.
    package func owns(subscription subscriptionId: String) -> Bool {
        Self.owner(of: subscriptionId, among: count) == index
    }

    /// The worker, 1…`count`, that owns `subscriptionId`.
    package static func owner(of subscriptionId: String, among count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in subscriptionId.lowercased().utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(max(count, 1))) + 1
    }
}

/// The workers that recorded their part of a sharded cycle.
package struct CycleShards: Sendable, Equatable {
    /// The cycle, its counts summed over the parts recorded so far.
    package let cycle: Cycle
    /// The workers whose part is recorded.
    package let recorded: Set<Int>
    /// How many workers share the cycle.
    package let count: Int
    /// The worker whose part completed the cycle (the last recorded); nil while parts are missing.
    package let completedBy: Int?

    package init(cycle: Cycle, recorded: Set<Int>, count: Int, completedBy: Int? = nil) {
        self.cycle = cycle
        self.recorded = recorded
        self.count = count
        self.completedBy = completedBy
    }

    /// Whether every worker's part is in.
    package var isComplete: Bool { recorded.count >= count }

    /// The workers whose part is missing, in order.
    package var missing: [Int] { (1...max(count, 1)).filter { !recorded.contains($0) } }

    /// "shard 2" or "shards 2, 4": the missing workers, as messages name them.
    package var missingShards: String {
        (missing.count == 1 ? "shard " : "shards ") + missing.map(String.init).joined(separator: ", ")
    }

    /// "the policy cycle starting at T has shards 1, 3 of 4; 2 and 4 are missing" in a few words.
    package var summary: String {
        "the \(cycle.kind.rawValue) cycle starting at \(ISO8601.format(cycle.start)) holds the part of shard"
            + "\(recorded.count == 1 ? "" : "s") \(recorded.sorted().map(String.init).joined(separator: ", ")) of \(count)"
    }
}
