import Foundation
import History
import PostgresNIO

/// Keeps two runs on one PostgreSQL history apart, on one machine or on several: a session-level
/// advisory lock in the history's database, held on a connection of its own for as long as this
/// object lives. The server releases it when that connection ends, however it ends (a killed
/// process's connection is closed by its kernel), so a dead run never blocks the next.
package final class PostgresRunLock: HistoryRunLock {
    /// The advisory lock key of a history's runs ("posture" in ASCII). Advisory locks belong to one
    /// database, so two histories in two databases of one server do not exclude each other.
    package static let key: Int64 = 0x0070_6F73_7475_7265

    private let session: PostgresSession
    private let shard: Shard?
    package let lockName: String

    /// Takes the run lock of the history at `location`, retrying until `wait` has passed. A worker
    /// of a sharded run (`shard`) shares the lock with the other workers and holds one of its own
    /// (the key plus its number): workers run at once, a whole run excludes them all, and two runs of
    /// one worker exclude each other. Throws `HistoryError` `.busy` when another run holds it; a
    /// server that cannot be reached throws PostgresNIO's error. `sleep` is injected so tests do not
    /// wait for real.
    package init(
        _ location: PostgresLocation, wait: Duration, shard: Shard? = nil,
        sleep: (Duration) -> Void = {
            Thread.sleep(forTimeInterval: Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18)
        }
    ) throws {
        session = try PostgresSession(location)
        self.shard = shard
        lockName =
            shard.map { "the advisory locks \(Self.key) (shared) and \(Self.key + Int64($0.index)) of \(location)" }
            ?? "the advisory lock \(Self.key) of \(location)"
        var waited = Duration.zero
        let step = Duration.milliseconds(100)
        while try !tryLock() {
            guard waited < wait else {
                throw HistoryError(
                    .busy,
                    "another posture run holds \(lockName); gave up after waiting \(waited.components.seconds) s "
                        + "(use --wait SECONDS to wait longer)")
            }
            sleep(step)
            waited += step
        }
    }

    /// Takes the run lock (shared by workers, else exclusive) and the worker's own, both or neither.
    private func tryLock() throws -> Bool {
        guard let shard else { return try call("pg_try_advisory_lock", Self.key) }
        guard try call("pg_try_advisory_lock_shared", Self.key) else { return false }
        if try call("pg_try_advisory_lock", Self.key + Int64(shard.index)) { return true }
        _ = try call("pg_advisory_unlock_shared", Self.key)
        return false
    }

    private func call(_ function: String, _ key: Int64) throws -> Bool {
        var binds = PostgresBindings()
        binds.append(key)
        return try session.rows("SELECT \(function)($1)", binds).first?.decode(Bool.self) ?? false
    }

    deinit {
        if let shard {
            _ = try? call("pg_advisory_unlock", Self.key + Int64(shard.index))
            _ = try? call("pg_advisory_unlock_shared", Self.key)
        } else {
            _ = try? call("pg_advisory_unlock", Self.key)
        }
    }
}
