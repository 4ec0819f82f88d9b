import Foundation

/// A large file mapped read-only into memory: the parser reads the page cache in place instead of
/// a 200 MB copy. Only for files at least `minimumSize` long; smaller ones are read.
///
/// A file truncated by another process while it is mapped would fault on access; inventories are
/// written once by an export and then read, so the gain (no copy, no fresh pages) is worth it.
final class MappedFile {
    private let base: UnsafeMutableRawPointer
    private let size: Int

    /// Maps `path`; nil when it cannot be opened or mapped, or is shorter than `minimumSize`
    /// (the caller then reads it the ordinary way and reports any problem).
    init?(path: String, minimumSize: Int) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) >= minimumSize,
            status.st_size > 0
        else { return nil }
        size = Int(status.st_size)
        #if os(Linux)
            let flags = MAP_PRIVATE | MAP_POPULATE
        #else
            let flags = MAP_PRIVATE
        #endif
        guard let mapped = mmap(nil, size, PROT_READ, flags, descriptor, 0), mapped != MAP_FAILED else { return nil }
        base = mapped
    }

    deinit {
        munmap(base, size)
    }

    /// Calls `body` with the file's bytes, valid only during the call.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: size))
    }
}
