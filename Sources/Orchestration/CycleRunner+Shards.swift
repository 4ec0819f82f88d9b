import Foundation
import History
import PolicyModel

/// How a worker of a sharded run (`posture run --shard K/N`) takes part: which worker it is, how
/// long it waits for the others, and how it waits.
package struct Sharding: Sendable {
    /// The worker.
    package let shard: Shard
    /// How long the worker waits, in all, for the other workers' parts or for the whole cycles the
    /// worker that completed a policy cycle records; then it stops, and its next run goes on.
    package let wait: Duration
    /// How the worker waits between two looks at the history (injected, so tests do not wait).
    package let sleep: @Sendable (Duration) -> Void

    package init(
        shard: Shard, wait: Duration,
        sleep: @escaping @Sendable (Duration) -> Void = { Thread.sleep(forTimeInterval: $0.inSeconds) }
    ) {
        self.shard = shard
        self.wait = wait
        self.sleep = sleep
    }

    /// Whether `id` lies in a subscription the worker owns.
    func owns(_ id: ResourceID) -> Bool {
        id.subscriptionId.map { shard.owns(subscription: $0) } ?? false
    }

    /// The subjects of `tenant` the worker evaluates: the subscriptions it owns, their resource
    /// groups and their resources.
    func subjects(of tenant: Tenant) -> Set<ResourceID> {
        var owned: Set<ResourceID> = []
        func add(_ id: ResourceID) {
            if owns(id) { owned.insert(id) }
        }
        for s in tenant.subscriptions { add(s.id) }
        for g in tenant.resourceGroups { add(g.id) }
        for r in tenant.resources { add(r.id) }
        return owned
    }

    /// How far behind the history a worker's clock may be: the workers of one run start on several
    /// machines at about the same time, and the first one's observation must not refuse the others.
    static let clockSkew: TimeInterval = 300
}

/// What a worker of a sharded run stopped waiting for.
package struct Awaiting: Sendable, CustomStringConvertible {
    /// The last cycle, when its parts were what was missing.
    package let parts: CycleShards?
    /// The cycle the worker did not record because another worker's part completed the policy cycle
    /// before it (that worker records it); nil when the worker waited for parts with nothing else due.
    package let next: DueCycle?

    /// What the worker waited for, in a sentence.
    package var description: String {
        if let parts, !parts.isComplete {
            return "\(parts.summary); \(parts.missingShards) "
                + (parts.missing.count == 1 ? "has not recorded its part" : "have not recorded theirs")
        }
        guard let next else { return "nothing is left to record" }
        return "the \(next.kind.rawValue) cycle starting at \(ISO8601.format(next.start)) is left to the worker "
            + "whose part completed the policy cycle before it, and it has not recorded it"
    }
}

/// A sharded run: every worker records the tenant (the first one records a changed version, the
/// others find it unchanged) and its part of each policy cycle, the results of the subscriptions it
/// owns. A policy cycle is one cycle whose parts the workers add; nothing follows it until every
/// part is in. Defender's cycle and the score computations, which read the whole tenant's results,
/// are recorded whole by the worker whose part completed the policy cycle; a worker that finds them
/// due without having taken part (a worker that died is run again) records them itself. The
/// coordination is the history's: each write is one transaction, serialised with every other
/// worker's, and a part, a cycle, is recorded once.
extension CycleRunner {
    /// A worker's `now`: its clock, or the history's newest instant when the clock is behind that by
    /// at most `Sharding.clockSkew` (another worker of the same run got there first).
    func workerNow(_ now: Date) throws -> Date {
        guard let latest = try store.latestInstant(), now < latest,
            latest.timeIntervalSince(now) <= Sharding.clockSkew
        else { return now }
        return latest
    }

    /// Executes the worker's due cycles in order, waiting (up to `sharding.wait` in all) where
    /// another worker must record first.
    func runWorker(
        _ sharding: Sharding, now: Date, report: inout Report, progress: (Int, Int, DueCycle) -> Void
    ) throws {
        var waited = Duration.zero
        // Whether this worker records the whole cycles due next: at the start, or after its part
        // completed a policy cycle; not after another worker's part completed one it took part in.
        var recordsWhole = true
        var count = 0
        var skipped: CycleKey?
        while true {
            let due = try dueCycles(now: now).first
            let last = try store.lastCycleShards()
            let mustWait: Bool
            if let last, !last.isComplete {
                try checkFellowship(last, next: due, shard: sharding.shard)
                // The last cycle lacks parts: this worker's, or others' (then it waits for them, even
                // with nothing else due: a partial cycle is not left behind as though it were whole).
                mustWait = due.map { CycleKey(kind: last.cycle.kind, start: last.cycle.start) != $0.key } ?? true
            } else if let due {
                mustWait = !due.kind.isPolicyEvaluation && !recordsWhole
            } else {
                return
            }
            guard let next = due, !mustWait else {
                guard waited < sharding.wait else {
                    report.awaiting = Awaiting(parts: last, next: due)
                    return
                }
                let step = Duration.milliseconds(500)
                sharding.sleep(step)
                waited += step
                continue
            }
            count += 1
            progress(count, count, next)
            do {
                let cycle = try execute(next)
                report.executed.append(cycle)
                if next.kind.isPolicyEvaluation {
                    recordsWhole = try store.lastCycleShards()?.completedBy == sharding.shard.index
                }
            } catch let error as HistoryError where error.code == .alreadyRecorded && skipped != next.key {
                // Another worker recorded this cycle first (or this worker's part of it): go on from it,
                // once; a cycle still due after that is a history this worker does not understand.
                skipped = next.key
                continue
            } catch let error as HistoryError where error.code == .awaitingShards {
                // Another worker began a cycle since this one looked: wait for its fellows' parts.
                count -= 1
                continue
            }
        }
    }

    /// Refuses to wait on a cycle this worker could never complete: begun by workers counted
    /// differently, or, lacking this worker's part, not the cycle this worker's schedule plans next.
    private func checkFellowship(_ last: CycleShards, next: DueCycle?, shard: Shard) throws {
        if last.count != shard.count {
            throw HistoryError(
                .shardMismatch,
                "\(last.summary); this run is shard \(shard), of \(shard.count): every worker of a sharded run "
                    + "gives the same count", cycle: last.cycle.seq)
        }
        let key = CycleKey(kind: last.cycle.kind, start: last.cycle.start)
        if !last.recorded.contains(shard.index), next?.key != key {
            throw HistoryError(
                .shardMismatch,
                "\(last.summary), which shard \(shard) does not plan next: every worker takes the same --schedule "
                    + "and --since", cycle: last.cycle.seq)
        }
    }
}
