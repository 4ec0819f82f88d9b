#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Gives the pages of a mapped file back to the kernel once the parser is past them: a file mapped
/// read-only and privately is otherwise resident in full by the end of the parse (1.9 GB for a
/// million resources), beside the values parsed from it.
///
/// Only for memory mapped from a file with `MAP_PRIVATE` and never written: the kernel reads a
/// released page back from the file if it is touched again (an error message looking back for its
/// line number, a thread that parses on after a split it could not join), so the bytes never
/// change. Released a step at a time, whole pages below the position only.
struct PageRelease {
    private let base: UnsafeRawPointer
    /// The offset up to which pages were released, a multiple of the page size.
    private var released: Int
    private let pageSize: Int
    /// Bytes parsed between two releases.
    private let step: Int

    /// Bytes parsed between two releases unless told otherwise.
    static let defaultStep = 16 * 1024 * 1024

    /// Releases from the first whole page at or after `start` (a thread starting mid-file leaves
    /// the page it shares with the thread before it alone). `base` must be page-aligned.
    init(base: UnsafeRawPointer, start: Int, step: Int = defaultStep) {
        self.base = base
        self.step = max(1, step)
        pageSize = max(1, Int(sysconf(Int32(_SC_PAGESIZE))))
        released = (start + pageSize - 1) / pageSize * pageSize
    }

    /// Releases the whole pages below `position` when a step's worth has been parsed since the last release.
    mutating func parsed(upTo position: Int) {
        let end = position / pageSize * pageSize
        guard end - released >= step else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + released), end - released, MADV_DONTNEED)
        released = end
    }
}
