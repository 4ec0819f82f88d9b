extension JSONParser {
    /// Documents smaller than this are parsed on one thread: splitting them costs more than it saves.
    public static let parallelThreshold = 4 * 1024 * 1024

    /// Parses a whole document like `parse(_:maxDepth:)`, splitting its large array (a bare
    /// top-level array, or the array of an envelope such as Resource Graph's `{"data": [...]}`)
    /// across `threads` threads.
    ///
    /// The split is speculative. Each later chunk starts where the bytes that separated the
    /// array's first two elements recur near an even share of the document (see `ArraySplit`), which is
    /// an element boundary unless those bytes sit inside a string or another array, and runs until it reaches the next chunk's start exactly at an element boundary (which
    /// proves that start right) or, for the last chunk, through the array's `]`. This thread parses
    /// the document from its start; when it reaches the first chunk's start at an element boundary
    /// of an array at the expected depth, it takes the other chunks' elements and goes on after
    /// the `]`. When any check fails it simply goes on parsing alone, so the value and every error
    /// (message, path, line and column) are those of `parse(_:maxDepth:)`.
    ///
    /// `releasingParsedPages`: `bytes` are a file mapped read-only with `MAP_PRIVATE` (page-aligned),
    /// whose pages are given back to the kernel as the parse moves past them (`PageRelease`).
    /// Never for other memory: released pages of anonymous memory read back as zeros.
    ///
    /// `rows`: a sink that takes the document's rows as they are parsed (see `JSONRowSink`); the
    /// document then holds an empty array where they were. Errors are those of the parse without it.
    public static func parse<Row: Sendable>(
        _ bytes: UnsafeRawBufferPointer, threads: Int, maxDepth: Int = defaultMaxDepth,
        releasingParsedPages: Bool = false, rows: JSONRowSink<Row>?
    ) throws(JSONParseError) -> JSONValue {
        try parse(
            bytes, threads: threads, minimumBytes: parallelThreshold, maxDepth: maxDepth,
            releasingParsedPages: releasingParsedPages, rows: rows
        ).value
    }

    /// `parse(_:threads:maxDepth:releasingParsedPages:rows:)` without a sink.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, threads: Int, maxDepth: Int = defaultMaxDepth,
        releasingParsedPages: Bool = false
    ) throws(JSONParseError) -> JSONValue {
        try parse(
            bytes, threads: threads, minimumBytes: parallelThreshold, maxDepth: maxDepth,
            releasingParsedPages: releasingParsedPages
        ).value
    }

    /// `parse(_:threads:maxDepth:)` splitting documents from `minimumBytes` on (tests split small
    /// ones), with whether the other threads' elements were used.
    static func parse(
        _ bytes: UnsafeRawBufferPointer, threads: Int, minimumBytes: Int, maxDepth: Int = defaultMaxDepth,
        releasingParsedPages: Bool = false, releaseStep: Int = PageRelease.defaultStep,
        rows: (any RowTaking)? = nil
    ) throws(JSONParseError) -> (value: JSONValue, split: Bool) {
        let buffer = bytes.bindMemory(to: UInt8.self)
        let release = releasingParsedPages ? releaseStep : nil
        let rowStart = rows == nil ? nil : ArraySplit.rowStart(buffer)
        let rows = rowStart == nil ? nil : rows
        guard threads > 1, buffer.count >= minimumBytes, let split = ArraySplit(buffer, chunks: threads) else {
            var parser = JSONParser(buffer, maxDepth: maxDepth)
            parser.rowSink = rows
            parser.rowStart = rowStart
            if buffer.count >= minimumBytes { parser.strings = StringTable() }
            if let release, let base = bytes.baseAddress {
                parser.pages = PageRelease(base: base, start: 0, step: release)
            }
            return (try parser.parseDocument(), false)
        }
        let handover = ChunkHandover(split, buffer: buffer, maxDepth: maxDepth, releaseStep: release, rows: rows)
        defer { handover.finish() }
        var parser = JSONParser(buffer, maxDepth: maxDepth)
        parser.rowSink = rows
        parser.rowStart = rowStart
        parser.strings = StringTable()
        if let release, let base = bytes.baseAddress { parser.pages = PageRelease(base: base, start: 0, step: release) }
        parser.handover = handover
        let value = try parser.parseDocument()
        return (value, handover.wasJoined)
    }

    /// Parses array elements from `position` (an element start) up to `end`, which must be the
    /// start of a later element of the same array, or, without `end`, through the array's `]`.
    /// The elements and the offset after the last byte read; nil on any error or when `end` is
    /// not where an element starts.
    mutating func parseElements(until end: Int?) -> (elements: [JSONValue], end: Int)? {
        var elements: [JSONValue] = []
        while true {
            let start = position
            guard let value = try? parseValue() else { return nil }
            if let rowSink { rowSink.take(value, at: start..<position) } else { elements.append(value) }
            if pages != nil { pages!.parsed(upTo: position) }
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
