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
    package let lockName: String

    /// Takes the run lock of the history at `location`, retrying until `wait` has passed. Throws
    /// `HistoryError` `.busy` when another run holds it; a server that cannot be reached throws
    /// PostgresNIO's error. `sleep` is injected so tests do not wait for real.
    package init(
        _ location: PostgresLocation, wait: Duration,
        sleep: (Duration) -> Void = {
            Thread.sleep(forTimeInterval: Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18)
        }
    ) throws {
        session = try PostgresSession(location)
        lockName = "the advisory lock \(Self.key) of \(location)"
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

    private func tryLock() throws -> Bool {
        var binds = PostgresBindings()
        binds.append(Self.key)
        return try session.rows("SELECT pg_try_advisory_lock($1)", binds).first?.decode(Bool.self) ?? false
    }

    deinit {
        var binds = PostgresBindings()
        binds.append(Self.key)
        _ = try? session.rows("SELECT pg_advisory_unlock($1)", binds)
    }
}
