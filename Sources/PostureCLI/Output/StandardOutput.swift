import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The end of every command's output: what `print` buffered is flushed, and a write that failed
/// (a full disk, a closed descriptor) is an I/O error rather than a silent success.
enum StandardOutput {
    /// Flushes the process's standard output, the stream `print` writes; see `finish(_:name:)`.
    static func finish() throws {
        guard let stream = processStandardOutput else {
            // No handle on the C stream: flushing every stream still reports a failed last write.
            guard fflush(nil) == 0 else {
                throw CommandError.io("posture: cannot write to standard output: \(String(cString: strerror(errno)))")
            }
            return
        }
        try finish(stream)
    }

    /// The C library's `stdout`, looked up by symbol: Swift 6 refuses to read the imported global.
    private static var processStandardOutput: UnsafeMutablePointer<FILE>? {
        #if canImport(Darwin)
            let address = dlsym(UnsafeMutableRawPointer(bitPattern: -2), "__stdoutp")  // RTLD_DEFAULT
        #else
            let address = dlsym(nil, "stdout")  // RTLD_DEFAULT
        #endif
        guard let address else { return nil }
        return address.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }

    /// Flushes `stream` and throws an I/O error if any write to it failed.
    static func finish(_ stream: UnsafeMutablePointer<FILE>, name: String = "standard output") throws {
        let flushed = fflush(stream) == 0
        let reason = errno
        guard flushed, ferror(stream) == 0 else {
            clearerr(stream)
            let detail = flushed || reason == 0 ? "a write failed" : String(cString: strerror(reason))
            throw CommandError.io("posture: cannot write to \(name): \(detail)")
        }
    }
}
