import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A large document kept open after its parse, so that its rows are read again from it when needed
/// (`StoredRow`) instead of being held in memory: a million resources' rows are 1.4 GB of text.
///
/// Rows are read with `pread`, never through a mapping: a file truncated by another process while
/// this one runs makes a read come up short, never a fault. A row that does not read back as it was
/// loaded (the file was written in place meanwhile) marks the file `changed`; what reads the rows
/// checks that before it records anything (`Tenant.checkRowsUnchanged()`).
public final class RowFile: Sendable {
    /// The file as errors name it (its path relative to the tenant directory).
    public let name: String
    private let descriptor: Int32
    private let readBackFailed = Atomic(false)

    /// Opens the regular file at `path` for reading; nil when it cannot be opened or is not a regular file.
    public init?(path: String, name: String) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.name = name
    }

    deinit {
        close(descriptor)
    }

    /// Whether a row no longer read back as it was loaded.
    public var changed: Bool { readBackFailed.load(ordering: .relaxed) }

    /// Notes that a row no longer reads back as it was loaded.
    func markChanged() {
        readBackFailed.store(true, ordering: .relaxed)
    }

    /// The `count` bytes at `offset`; nil when the file no longer holds them.
    func read(offset: Int, count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0 else { return nil }
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while done < count {
                guard let base = buffer.baseAddress else { return false }
                let read = pread(descriptor, base + done, count - done, off_t(offset + done))
                if read < 0, errno == EINTR { continue }
                guard read > 0 else { return false }
                done += read
            }
            return true
        }
        return complete ? bytes : nil
    }
}
