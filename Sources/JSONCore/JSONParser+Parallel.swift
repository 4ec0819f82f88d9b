import Dispatch
import Synchronization

extension JSONParser {
    /// Documents smaller than this are parsed on one thread: splitting them costs more than it saves.
    public static let parallelThreshold = 4 * 1024 * 1024

    /// Parses a whole document like `parse(_:maxDepth:)`, splitting its large array (a bare
    /// top-level array, or the array of an envelope such as Resource Graph's `{"data": [...]}`)
    /// across `threads` threads.
    ///
    /// The split is speculative. Each later chunk starts where the bytes that separated the
    /// array's first two elements recur near an even share of the document (see `Split`), which is
    /// an element boundary unless those bytes sit inside a string or another array, and runs until it reaches the next chunk's start exactly at an element boundary (which
    /// proves that start right) or, for the last chunk, through the array's `]`. This thread parses
    /// the document from its start; when it reaches the first chunk's start at an element boundary
    /// of an array at the expected depth, it takes the other chunks' elements and goes on after
    /// the `]`. When any check fails it simply goes on parsing alone, so the value and every error
    /// (message, path, line and column) are those of `parse(_:maxDepth:)`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, threads: Int, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> JSONValue
    {
        try parse(bytes, threads: threads, minimumBytes: parallelThreshold, maxDepth: maxDepth).value
    }

    /// `parse(_:threads:maxDepth:)` splitting documents from `minimumBytes` on (tests split small
    /// ones), with whether the other threads' elements were used.
    static func parse(_ bytes: UnsafeRawBufferPointer, threads: Int, minimumBytes: Int, maxDepth: Int = defaultMaxDepth)
        throws(JSONParseError) -> (value: JSONValue, split: Bool)
    {
        let buffer = bytes.bindMemory(to: UInt8.self)
        guard threads > 1, buffer.count >= minimumBytes, let split = Split(buffer, chunks: threads) else {
            return (try parse(bytes, maxDepth: maxDepth), false)
        }
        let handover = Handover(split, buffer: buffer, maxDepth: maxDepth)
        defer { handover.finish() }
        var parser = JSONParser(buffer, maxDepth: maxDepth)
        parser.handover = handover
        let value = try parser.parseDocument()
        return (value, handover.joined.load(ordering: .relaxed))
    }

    /// Parses array elements from `position` (an element start) up to `end`, which must be the
    /// start of a later element of the same array, or, without `end`, through the array's `]`.
    /// The elements and the offset after the last byte read; nil on any error or when `end` is
    /// not where an element starts.
    mutating func parseElements(until end: Int?) -> (elements: [JSONValue], end: Int)? {
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
                    if position == end { return (elements, position) }
                    if position > end { return nil }
                }
            case UInt8(ascii: "]"):
                guard end == nil else { return nil }
                return (elements, position + 1)
            default:
                return nil
            }
        }
    }
}

/// Where the chunks of a document's large array start, as guessed from its bytes.
struct Split {
    /// Candidate element starts, one per chunk after the first, increasing.
    let starts: [Int]
    /// The depth of the array they are in: 1 for a top-level array, 2 for an envelope's.
    let depth: Int

    /// Finds the document's first array of objects, reads its first element to learn the bytes
    /// that separate two elements (`},\n    {` in pretty-printed output, which nested arrays,
    /// indented deeper, do not share), and looks for those bytes near an even share of the
    /// document. Nil when there is no such array or no candidate was found.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, chunks: Int) {
        guard chunks > 1, let (depth, first) = Self.firstArrayOfObjects(bytes) else { return nil }
        var probe = JSONParser(bytes, maxDepth: JSONParser.defaultMaxDepth)
        probe.position = first
        guard (try? probe.parseValue()) != nil, bytes[probe.position - 1] == UInt8(ascii: "}") else { return nil }
        let separatorStart = probe.position - 1
        probe.skipWhitespace()
        guard probe.position < bytes.count, bytes[probe.position] == UInt8(ascii: ",") else { return nil }
        probe.position += 1
        probe.skipWhitespace()
        guard probe.position < bytes.count, bytes[probe.position] == UInt8(ascii: "{") else { return nil }
        let separator = UnsafeBufferPointer(rebasing: bytes[separatorStart...probe.position])
        var starts: [Int] = []
        for k in 1..<chunks {
            let from = max(bytes.count / chunks * k, (starts.last ?? probe.position) + 1)
            guard let start = Self.find(separator, in: bytes, from: from) else { break }
            starts.append(start + separator.count - 1)
        }
        guard !starts.isEmpty else { return nil }
        self.starts = starts
        self.depth = depth
    }

    /// The depth of the first `[` whose first element is an object, and that element's start.
    private static func firstArrayOfObjects(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var depth = 0
        var inString = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else {
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: "["):
                    depth += 1
                    var j = i + 1
                    while j < bytes.count, isBlank(bytes[j]) { j += 1 }
                    if j < bytes.count, bytes[j] == UInt8(ascii: "{") { return (depth, j) }
                default: break
                }
            }
            i += 1
        }
        return nil
    }

    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The offset of the first occurrence of `pattern` at or after `from`.
    private static func find(_ pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let head = pattern.first else { return nil }
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == head {
                var k = 1
                while k < pattern.count, bytes[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }
}

/// The chunks after the first, parsed on other threads while the first is parsed on the caller's.
final class Handover: Sendable {
    /// Where the first chunk hands over: the second chunk's start.
    let start: Int
    /// The depth of the array the chunks are in.
    let depth: Int
    /// Whether the first chunk took the other chunks' elements.
    let joined = Atomic(false)
    private let group = DispatchGroup()
    private let results: Mutex<[(elements: [JSONValue], end: Int)?]>

    init(_ split: Split, buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        start = split.starts[0]
        depth = split.depth
        results = Mutex(Array(repeating: nil, count: split.starts.count))
        let shared = SharedBytes(buffer: buffer)
        let depth = split.depth
        for (chunk, start) in split.starts.enumerated() {
            let end = chunk + 1 < split.starts.count ? split.starts[chunk + 1] : nil
            DispatchQueue.global().async(group: group) {
                var parser = JSONParser(shared.buffer, maxDepth: maxDepth)
                parser.position = start
                parser.depth = depth
                let parsed = parser.parseElements(until: end)
                self.results.withLock { $0[chunk] = parsed }
            }
        }
    }

    /// The other chunks' elements in order and the offset after the array's `]`, once they are
    /// all parsed; nil when any of them failed.
    func join() -> (elements: [JSONValue], end: Int)? {
        group.wait()
        let chunks = results.withLock { $0 }
        guard chunks.allSatisfy({ $0 != nil }) else { return nil }
        var elements: [JSONValue] = []
        elements.reserveCapacity(chunks.reduce(0) { $0 + $1!.elements.count })
        for chunk in chunks { elements += chunk!.elements }
        joined.store(true, ordering: .relaxed)
        return (elements, chunks.last!!.end)
    }

    /// Waits for the other threads, which read the caller's bytes, before they go away.
    func finish() {
        group.wait()
    }
}

/// The document's bytes, shared read-only by the chunk parsers.
private struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}
