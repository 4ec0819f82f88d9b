import Defender
import Foundation
import History
import HistoryTestSupport
import Logging
import Orchestration
import PolicyModel
import Scheduling
import TenantGenerator
import TenantIO
import TestSupport
import Testing

/// Workers of a sharded run (`posture run --shard K/N`) record, between them, the history one
/// whole run records: the same cycles, states, assessments and scores.
@Suite struct ShardedRunTests {
    static func date(_ text: String) -> Date { ISO8601.parse(text)! }

    /// A generated tenant of 400 resources in 9 subscriptions, loaded once per test process.
    static let generated = Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-sharded-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in GeneratedTenant.generate(GeneratorOptions(resources: 400, subscriptions: 9, seed: 11)).files {
            let url = directory.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.bytes).write(to: url)
        }
        return try TenantDirectory(url: directory).load()
    }

    /// The tenant with every seventh resource gone: a second version.
    static func churned(_ tenant: Tenant) -> Tenant {
        var tenant = tenant
        tenant.resources = tenant.resources.enumerated().filter { $0.offset % 7 != 3 }.map(\.element)
        tenant.reindex()
        return tenant
    }

    static let schedule = Result { try CycleRunnerTests.schedule("azure-observed.yaml") }
    /// The schedule that re-evaluates changes (`onChange`): a change cycle for the churned night.
    static let documented = Result { try CycleRunnerTests.schedule("azure-documented.yaml") }
    static let since = date("2026-11-01T00:00:00Z")
    static let nights: [(now: String, churned: Bool)] = [
        ("2026-11-02T06:00:00Z", false), ("2026-11-03T06:00:00Z", true), ("2026-11-05T06:00:00Z", true),
    ]

    static func runner(
        _ store: any HistoryWriting, shard: Shard? = nil, wait: Duration = .zero, documented: Bool = false
    ) throws -> CycleRunner {
        CycleRunner(
            store: store, schedule: try (documented ? Self.documented : schedule).get(), logger: Logger(label: "test"),
            sharding: shard.map { Sharding(shard: $0, wait: wait, sleep: { _ in }) })
    }

    @Test(arguments: Backend.all, [false, true])
    func fourWorkersRecordWhatOneWholeRunRecords(_ backend: Backend, documented: Bool) throws {
        let base = try Self.generated.get()
        let whole = try TemporaryHistory(backend)
        let sharded = try TemporaryHistory(backend)
        for night in Self.nights {
            let tenant = night.churned ? Self.churned(base) : base
            let now = Self.date(night.now)
            try Self.runner(whole.store, documented: documented).run(observing: tenant, now: now, since: Self.since)
            // The workers one after another, each stopping where it would wait, round after round,
            // as cron runs them when each finds the others not done.
            var rounds = 0
            var awaiting = true
            while awaiting {
                rounds += 1
                #expect(rounds <= 12)
                guard rounds <= 12 else { break }
                awaiting = false
                for k in [3, 1, 4, 2] {
                    let report = try Self.runner(
                        sharded.store, shard: Shard(index: k, count: 4), documented: documented
                    )
                    .run(observing: tenant, now: now, since: Self.since)
                    awaiting = awaiting || report.awaiting != nil
                }
            }
        }
        let cycles = try whole.store.cycles()
        #expect(cycles.count > 6)
        // The churned night's change cycle, resources gone included, is recorded the same.
        #expect(cycles.contains { $0.kind == .change } == documented)
        #expect(try sharded.store.cycles() == cycles)
        #expect(try sharded.store.tenantVersions().map(\.digest) == whole.store.tenantVersions().map(\.digest))
        for cycle in cycles {
            switch cycle.kind {
            case .policy, .scan, .change:
                let expected = try whole.store.policyResults(asOfCycle: cycle.seq)
                #expect(expected.states.count > 100)
                let actual = try sharded.store.policyResults(asOfCycle: cycle.seq)
                let same = Set(actual.states) == Set(expected.states)
                #expect(same, "the states after cycle \(cycle.seq) (\(cycle.kind.rawValue)) differ")
                #expect(actual.states.count == expected.states.count)
            case .defender:
                let expected = try whole.store.assessments(asOfCycle: cycle.seq)
                let same = Set(try sharded.store.assessments(asOfCycle: cycle.seq)) == Set(expected)
                #expect(same, "the assessments of Defender's cycle \(cycle.seq) differ")
            case .score, .compliance:
                break
            }
        }
        let scoreCycles = try whole.store.scoreCycles().map(\.seq)
        #expect(try sharded.store.scores(cycles: scoreCycles) == whole.store.scores(cycles: scoreCycles))
        // Every policy cycle holds the parts of all four workers.
        #expect(try sharded.store.lastCycleShards().map { $0.isComplete } ?? true)
    }

    @Test(arguments: Backend.all) func aWorkerWaitsForTheOthersThenStops(_ backend: Backend) throws {
        let tenant = try Self.generated.get()
        let database = try TemporaryHistory(backend)
        let now = Self.date("2026-11-02T06:00:00Z")
        let naps = Naps()
        let waiting = CycleRunner(
            store: database.store, schedule: try Self.schedule.get(), logger: Logger(label: "test"),
            sharding: Sharding(shard: Shard(index: 2, count: 3)!, wait: .seconds(5), sleep: { naps.add($0) }))
        let report = try waiting.run(observing: tenant, now: now, since: Self.since)
        #expect(naps.total == .seconds(5))
        // It recorded its part of the first policy cycle, then waited for workers 1 and 3.
        let awaiting = try #require(report.awaiting?.parts)
        #expect(awaiting.recorded == [2])
        #expect(awaiting.missing == [1, 3])
        #expect(report.awaiting?.next?.kind == .defender)
        #expect(report.executed.filter { $0.kind == .policy }.count == 1)
        #expect(!report.executed.contains { $0.kind == .defender })
        // A whole run is refused until the workers are done, with or without anything new due:
        // nothing may follow a cycle missing parts.
        for at in [now, now.addingTimeInterval(86_400)] {
            #expect {
                try Self.runner(database.store).run(observing: tenant, now: at)
            } throws: { ($0 as? HistoryError)?.code == .awaitingShards }
        }
        // So is a worker that counts the workers differently.
        #expect {
            try Self.runner(database.store, shard: Shard(index: 1, count: 4)).run(observing: tenant, now: now)
        } throws: { ($0 as? HistoryError)?.code == .shardMismatch }
        // Workers 1 and 3 finish the cycle; worker 3's part completes it, so it records Defender's
        // cycle and the scores; worker 2's next run goes on from there.
        for k in [1, 3] {
            _ = try Self.runner(database.store, shard: Shard(index: k, count: 3)).run(observing: tenant, now: now)
        }
        let cycles = try database.store.cycles()
        #expect(cycles.contains { $0.kind == .defender })
        let again = try Self.runner(database.store, shard: Shard(index: 2, count: 3)).run(observing: tenant, now: now)
        #expect(again.awaiting == nil)
    }

    /// A worker whose part is in but not the others' does not leave as though the cycle were whole,
    /// even with nothing else due: it waits for them, then says they are missing.
    @Test func aWorkerDoesNotLeaveAPartialCycleBehindSilently() throws {
        let tenant = try Self.generated.get()
        let database = try TemporaryHistory(.sqlite)
        // Just after the first policy cycle's results became visible, before Defender's.
        let now = Self.date("2026-11-01T07:01:00Z")
        let report = try Self.runner(database.store, shard: Shard(index: 1, count: 2)).run(
            observing: tenant, now: now, since: Self.since)
        #expect(report.executed.last?.kind == .policy)
        #expect(report.awaiting?.parts?.missing == [2])
        #expect(report.awaiting?.next == nil)
        let other = try Self.runner(database.store, shard: Shard(index: 2, count: 2)).run(
            observing: tenant, now: now, since: Self.since)
        #expect(other.awaiting == nil)
        #expect(try database.store.lastCycleShards()?.isComplete == true)
    }
}

/// The naps a waiting worker took, added up.
private final class Naps: @unchecked Sendable {
    private let lock = NSLock()
    private var sum = Duration.zero

    func add(_ nap: Duration) { lock.withLock { sum += nap } }
    var total: Duration { lock.withLock { sum } }
}
