#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// A buffered byte writer on standard output: large outputs (hundreds of thousands of rows) are
/// written as bytes in blocks of about 1 MB, never built as one `String`.
struct ByteOutput {
    /// The bytes not yet written; callers may append to it directly.
    var buffer: [UInt8] = []
    private let blockSize = 1 << 20
    private(set) var failed = false
    private var started = false

    init() {
        buffer.reserveCapacity(blockSize + 4096)
    }

    /// Appends the UTF-8 bytes of `text`. Nothing is written until `flushIfFull` or `flush`,
    /// which callers call between records.
    @inline(__always) mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    @inline(__always) mutating func append(_ byte: UInt8) {
        buffer.append(byte)
    }

    @inline(__always) mutating func append(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    @inline(__always) mutating func append(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    /// Appends `count` copies of `byte`.
    mutating func append(_ byte: UInt8, count: Int) {
        if count > 0 { buffer.append(contentsOf: repeatElement(byte, count: count)) }
    }

    /// Removes trailing spaces (a table row's padding).
    mutating func trimTrailingSpaces(downTo start: Int) {
        while buffer.count > start, buffer.last == UInt8(ascii: " ") { buffer.removeLast() }
    }

    @inline(__always) mutating func flushIfFull() {
        if buffer.count >= blockSize { flush() }
    }

    /// Writes what is buffered to standard output (descriptor 1), after whatever the C streams hold.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        if !started {
            fflush(nil)
            started = true
        }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count, !failed {
                let n = systemWrite(1, bytes.baseAddress! + offset, bytes.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    failed = true
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left; false when any write failed.
    mutating func finish() -> Bool {
        flush()
        return !failed
    }
}
