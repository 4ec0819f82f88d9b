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
    private let workerDescriptor: Int32?
    /// The lock file: `<resolved database path>.lock`.
    package let path: String
    /// The lock file, as messages name it.
    package var lockName: String { path }

    /// Takes the lock of the database at `databasePath`, retrying until `wait` has passed. A worker
    /// of a sharded run (`shard`) shares the lock with the other workers and holds one of its own,
    /// `<database>.shard-K.lock`: workers run at once, a whole run excludes them all, and two runs
    /// of one worker exclude each other. Throws `OrchestrationError` `.lockUnavailable` when a lock
    /// file cannot be created (a missing or read-only folder, a name too long), `.busy` when another
    /// run holds it. `sleep` is injected so tests do not wait for real.
    package init(
        databasePath: String, wait: Duration, shard: Shard? = nil,
        sleep: (Duration) -> Void = {
            Thread.sleep(forTimeInterval: $0.inSeconds)
        }
    ) throws {
        let resolved = try Self.resolved(databasePath)
        let path = resolved + ".lock"
        let fd = try Self.openLockFile(path)
        let workerPath = shard.map { resolved + ".shard-\($0.index).lock" }
        let worker: Int32?
        do {
            worker = try workerPath.map(Self.openLockFile)
        } catch {
            close(fd)
            throw error
        }
        var waited = Duration.zero
        let step = Duration.milliseconds(100)
        while !Self.take(fd, shared: shard != nil, worker: worker) {
            guard waited < wait else {
                close(fd)
                if let worker { close(worker) }
                throw OrchestrationError(
                    .busy,
                    "another posture run holds \(workerPath ?? path); gave up after waiting "
                        + "\(waited.components.seconds) s (use --wait SECONDS to wait longer)")
            }
            sleep(step)
            waited += step
        }
        descriptor = fd
        workerDescriptor = worker
        self.path = path
    }

    private static func openLockFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)  // owner only, like the database
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw OrchestrationError(.lockUnavailable, "\(path): cannot create the run lock: \(reason)")
        }
        return fd
    }

    /// Takes the run lock (shared by workers, else exclusive) and the worker's own, both or neither.
    private static func take(_ fd: Int32, shared: Bool, worker: Int32?) -> Bool {
        guard flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0 else { return false }
        guard let worker else { return true }
        if flock(worker, LOCK_EX | LOCK_NB) == 0 { return true }
        flock(fd, LOCK_UN)
        return false
    }

    deinit {
        if let workerDescriptor {
            flock(workerDescriptor, LOCK_UN)
            close(workerDescriptor)
        }
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
