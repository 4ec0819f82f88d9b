import Foundation
import History
import HistoryPostgres
import Orchestration
import TestSupport
import Testing

/// The workers of a sharded run share the run lock and each holds one of its own: the workers of a
/// run go together, a second run of one worker is kept out, and a whole run excludes them all.
@Suite struct ShardLockTests {
    static func shard(_ k: Int) -> Shard { Shard(index: k, count: 4)! }

    /// The lock rules, whatever the lock: `take(shard)` takes a worker's lock, or a whole run's for nil;
    /// `isBusy` says whether an error is the lock's "another run holds it".
    static func checkWorkersGoTogether(
        take: (Shard?) throws -> AnyObject, isBusy: (any Error) -> Bool
    ) throws {
        func busy(_ shard: Shard?) -> Bool {
            do {
                _ = try take(shard)
                return false
            } catch {
                return isBusy(error)
            }
        }
        var one: AnyObject? = try take(Self.shard(1))
        var two: AnyObject? = try take(Self.shard(2))
        #expect(busy(Self.shard(1)))
        #expect(busy(nil))
        withExtendedLifetime(one) {}
        one = nil
        #expect(!busy(Self.shard(1)))
        #expect(busy(nil))
        withExtendedLifetime(two) {}
        two = nil
        let whole = try take(nil)
        #expect(busy(Self.shard(3)))
        withExtendedLifetime(whole) {}
    }

    @Test func sqliteWorkersGoTogetherAndAWholeRunExcludesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("h.sqlite").path
        try Self.checkWorkersGoTogether(
            take: { try RunLock(databasePath: db, wait: .zero, shard: $0) },
            isBusy: { ($0 as? OrchestrationError)?.code == .busy })
    }

    @Test(.enabled(if: PostgresCluster.available)) func postgresWorkersGoTogetherAndAWholeRunExcludesThem() throws {
        let database = try PostgresDatabase()
        let location = try PostgresLocation(database.url)
        try Self.checkWorkersGoTogether(
            take: { try PostgresRunLock(location, wait: .zero, shard: $0) },
            isBusy: { ($0 as? HistoryError)?.code == .busy })
        withExtendedLifetime(database) {}
    }
}
