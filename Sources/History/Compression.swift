import CZlib

/// zlib (deflate) for stored JSON. Objects are compressed in chunks of similar objects (see
/// `ObjectChunks`), not one by one: a single resource's JSON is too small for deflate to find
/// much to repeat, while fifty resources of one type compress about fifteenfold.
enum Compression {
    /// zlib's default level: on chunks of similar JSON it is as fast as level 1 and a quarter smaller.
    static let level: Int32 = 6

    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length) + 4)
        // The original length first (little-endian UInt32), for decompression.
        let count = UInt32(bytes.count)
        for i in 0..<4 { output[i] = UInt8(truncatingIfNeeded: count >> (8 * UInt32(i))) }
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress! + 4, &length, input.baseAddress, uLong(bytes.count), level)
            }
        }
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        return Array(output[0..<(4 + Int(length))])
    }

    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard bytes.count >= 4 else {
            throw HistoryError(.compression, "a stored chunk of tenant objects is truncated")
        }
        let count = (0..<4).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        var output = [UInt8](repeating: 0, count: count)
        var length = uLong(count)
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &length, input.baseAddress! + 4, uLong(bytes.count - 4))
            }
        }
        guard status == Z_OK, Int(length) == count else {
            throw HistoryError(
                .compression, "a stored chunk of tenant objects does not decompress (zlib status \(status))")
        }
        return output
    }
}
