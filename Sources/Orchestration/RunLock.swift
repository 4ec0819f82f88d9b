import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps two runs on one history apart: an exclusive advisory lock on `<database>.lock`, which the
/// kernel releases when the holder exits, however it exits (SIGKILL included).
public final class RunLock {
    /// Another run holds the lock.
    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public let waited: Duration

        public var description: String {
            "another posture run holds \(path); gave up after waiting \(waited.components.seconds) s (use --wait SECONDS to wait longer)"
        }
    }

    private let descriptor: Int32

    /// Takes the lock of the database at `databasePath`, retrying until `wait` has passed.
    /// `sleep` is injected so tests do not wait for real.
    public init(databasePath: String, wait: Duration, sleep: (Duration) -> Void = { Thread.sleep(forTimeInterval: Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) }) throws {
        let path = databasePath + ".lock"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)  // owner only, like the database
        guard fd >= 0 else { throw Busy(path: path, waited: .zero) }
        var waited = Duration.zero
        let step = Duration.milliseconds(100)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard waited < wait else {
                close(fd)
                throw Busy(path: path, waited: waited)
            }
            sleep(step)
            waited += step
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
