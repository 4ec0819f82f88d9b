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

    @Test func sqliteWorkersGoTogetherAndAWholeRunExcludesThem() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("h.sqlite").path
        func busy(_ shard: Shard?) -> Bool {
            do {
                _ = try RunLock(databasePath: db, wait: .zero, shard: shard)
                return false
            } catch let error as OrchestrationError {
                return error.code == .busy
            } catch {
                return false
            }
        }
        var one: RunLock? = try RunLock(databasePath: db, wait: .zero, shard: Self.shard(1))
        var two: RunLock? = try RunLock(databasePath: db, wait: .zero, shard: Self.shard(2))
        #expect(busy(Self.shard(1)))
        #expect(busy(nil))
        withExtendedLifetime(one) {}
        one = nil
        #expect(!busy(Self.shard(1)))
        #expect(busy(nil))
        withExtendedLifetime(two) {}
        two = nil
        let whole = try RunLock(databasePath: db, wait: .zero)
        #expect(busy(Self.shard(3)))
        withExtendedLifetime(whole) {}
    }

    @Test(.enabled(if: PostgresCluster.available)) func postgresWorkersGoTogetherAndAWholeRunExcludesThem() throws {
        let database = try PostgresDatabase()
        let location = try PostgresLocation(database.url)
        func busy(_ shard: Shard?) -> Bool {
            do {
                _ = try PostgresRunLock(location, wait: .zero, shard: shard)
                return false
            } catch let error as HistoryError {
                return error.code == .busy
            } catch {
                return false
            }
        }
        var one: PostgresRunLock? = try PostgresRunLock(location, wait: .zero, shard: Self.shard(1))
        var two: PostgresRunLock? = try PostgresRunLock(location, wait: .zero, shard: Self.shard(2))
        #expect(busy(Self.shard(1)))
        #expect(busy(nil))
        withExtendedLifetime(one) {}
        one = nil
        #expect(!busy(Self.shard(1)))
        #expect(busy(nil))
        withExtendedLifetime(two) {}
        two = nil
        let whole = try PostgresRunLock(location, wait: .zero)
        #expect(busy(Self.shard(3)))
        withExtendedLifetime(whole) {}
    }
}
