import Foundation
import History
import PolicyModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps two runs on one history apart: an exclusive advisory lock on `<database>.lock`, which the
/// kernel releases when the holder exits, however it exits (SIGKILL included). The lock sits beside
/// the database's resolved path, so two names of one file (a symbolic link) share it.
package final class RunLock: HistoryRunLock {
    private let descriptor: Int32
    /// The lock file: `<resolved database path>.lock`.
    package let path: String
    /// The lock file, as messages name it.
    package var lockName: String { path }

    /// Takes the lock of the database at `databasePath`, retrying until `wait` has passed. Throws
    /// `OrchestrationError` `.lockUnavailable` when the lock file cannot be created (a missing or
    /// read-only folder, a name too long), `.busy` when another run holds it.
    /// `sleep` is injected so tests do not wait for real.
    package init(
        databasePath: String, wait: Duration,
        sleep: (Duration) -> Void = {
            Thread.sleep(forTimeInterval: $0.inSeconds)
        }
    ) throws {
        let path = try Self.resolved(databasePath) + ".lock"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)  // owner only, like the database
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw OrchestrationError(.lockUnavailable, "\(path): cannot create the run lock: \(reason)")
        }
        var waited = Duration.zero
        let step = Duration.milliseconds(100)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard waited < wait else {
                close(fd)
                throw OrchestrationError(
                    .busy,
                    "another posture run holds \(path); gave up after waiting \(waited.components.seconds) s "
                        + "(use --wait SECONDS to wait longer)")
            }
            sleep(step)
            waited += step
        }
        descriptor = fd
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The database's path with symbolic links resolved: the file's own when it exists, else its
    /// folder's followed by its name. A missing folder is an I/O error.
    static func resolved(_ path: String) throws -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let folder = (path as NSString).deletingLastPathComponent
        guard let real = realpath(folder.isEmpty ? "." : folder, nil) else {
            let reason = String(cString: strerror(errno))
            throw OrchestrationError(
                .lockUnavailable, "\(folder.isEmpty ? "." : folder): cannot reach the database's folder: \(reason)")
        }
        defer { free(real) }
        return String(cString: real) + "/" + (path as NSString).lastPathComponent
    }
}
