import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension HistoryStore {
    /// Creates the database file readable and writable by its owner only (0600, whatever the umask),
    /// before SQLite opens it: the history describes a tenant's weaknesses. SQLite gives the `-wal` and
    /// `-shm` files it creates later the database file's permissions. An existing file is left as it is.
    static func createPrivately(_ path: String) {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }
}
