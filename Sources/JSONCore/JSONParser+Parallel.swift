import Dispatch
import Synchronization

extension JSONParser {
    /// Documents smaller than this are parsed on one thread: splitting them costs more than it saves.
    public static let parallelThreshold = 4 * 1024 * 1024

    /// Parses a whole document like `parse(_:maxDepth:)`, splitting a large top-level array
    /// (Resource Graph's `resources` table) across `threads` threads.
    ///
    /// The split is speculative: each later chunk starts at a `{` that follows `},` near an even
    /// share of the bytes, which is an element boundary unless those bytes sit inside a string.
    /// Each chunk parser runs until it reaches the next chunk's start exactly at an element
    /// boundary, which proves that start right. If any chunk fails that check or meets an error,
    /// the whole document is parsed again on one thread, so the value and every error (message,
    /// path, line and column) are those of `parse(_:maxDepth:)`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, threads: Int, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> JSONValue
    {
        try parse(bytes, threads: threads, minimumBytes: parallelThreshold, maxDepth: maxDepth)
    }

    /// `parse(_:threads:maxDepth:)` splitting documents from `minimumBytes` on (tests split small ones).
    static func parse(_ bytes: UnsafeRawBufferPointer, threads: Int, minimumBytes: Int, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> JSONValue
    {
        let buffer = bytes.bindMemory(to: UInt8.self)
        guard threads > 1, buffer.count >= minimumBytes, let starts = chunkStarts(buffer, chunks: threads) else {
            return try parse(bytes, maxDepth: maxDepth)
        }
        let chunks = parseChunks(buffer, starts: starts, maxDepth: maxDepth)
        guard chunks.allSatisfy({ $0 != nil }) else { return try parse(bytes, maxDepth: maxDepth) }
        var elements: [JSONValue] = []
        elements.reserveCapacity(chunks.reduce(0) { $0 + $1!.count })
        for chunk in chunks { elements.append(contentsOf: chunk!) }
        return .array(elements)
    }

    /// The elements of each chunk, parsed concurrently; nil for a chunk that met an error or
    /// did not end exactly at the next chunk's start.
    static func parseChunks(_ buffer: UnsafeBufferPointer<UInt8>, starts: [Int], maxDepth: Int) -> [[JSONValue]?] {
        let results = Mutex<[[JSONValue]?]>(Array(repeating: nil, count: starts.count))
        let shared = SendableBuffer(buffer: buffer)
        DispatchQueue.concurrentPerform(iterations: starts.count) { chunk in
            var parser = JSONParser(shared.buffer, maxDepth: maxDepth)
            parser.position = starts[chunk]
            parser.depth = 1
            let elements = parser.parseElements(until: chunk + 1 < starts.count ? starts[chunk + 1] : nil)
            results.withLock { $0[chunk] = elements }
        }
        return results.withLock { $0 }
    }

    /// The start of the first element of a top-level array, then one candidate element start
    /// per further chunk; nil when the document is not a non-empty array or no split was found.
    static func chunkStarts(_ bytes: UnsafeBufferPointer<UInt8>, chunks: Int) -> [Int]? {
        var parser = JSONParser(bytes, maxDepth: defaultMaxDepth)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { parser.position = 3 }
        parser.skipWhitespace()
        guard parser.position < bytes.count, bytes[parser.position] == UInt8(ascii: "[") else { return nil }
        parser.position += 1
        parser.skipWhitespace()
        guard parser.position < bytes.count, bytes[parser.position] != UInt8(ascii: "]") else { return nil }
        var starts = [parser.position]
        for k in 1..<chunks {
            guard let start = objectStart(in: bytes, from: max(bytes.count / chunks * k, starts[starts.count - 1] + 1))
            else { break }
            starts.append(start)
        }
        return starts.count > 1 ? starts : nil
    }

    /// The first `{` at or after `from` whose preceding non-blank bytes are `}` and `,`.
    private static func objectStart(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }
        var i = from
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{") {
                var j = i - 1
                while j > 0, isBlank(bytes[j]) { j -= 1 }
                if j > 0, bytes[j] == UInt8(ascii: ",") {
                    j -= 1
                    while j > 0, isBlank(bytes[j]) { j -= 1 }
                    if bytes[j] == UInt8(ascii: "}") { return i }
                }
            }
            i += 1
        }
        return nil
    }

    /// Parses the top-level array's elements from `position` (an element start) up to `end`,
    /// which must be the start of a later element, or, without `end`, through the closing `]`
    /// and the end of the document. Nil on any error or when `end` is not an element start.
    mutating func parseElements(until end: Int?) -> [JSONValue]? {
        var elements: [JSONValue] = []
        while true {
            guard let value = try? parseValue() else { return nil }
            elements.append(value)
            skipWhitespace()
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                if let end {
                    if position == end { return elements }
                    if position > end { return nil }
                }
            case UInt8(ascii: "]"):
                guard end == nil else { return nil }
                position += 1
                skipWhitespace()
                return position == bytes.count ? elements : nil
            default:
                return nil
            }
        }
    }
}

/// The document's bytes, shared read-only by the chunk parsers.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}
