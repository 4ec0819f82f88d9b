import Dispatch
import Synchronization

/// The chunks after the first, parsed on other threads while the first is parsed on the caller's.
final class ChunkHandover: Sendable {
    /// Where the first chunk hands over: the second chunk's start.
    let start: Int
    /// The depth of the array the chunks are in.
    let depth: Int
    private let joined = Atomic(false)
    private let group = DispatchGroup()
    private let results: Mutex<[(elements: [JSONValue], end: Int)?]>
    /// The sinks that took the chunks' rows (`JSONRowSink`), one a chunk; empty when the rows are kept.
    let sinks: [any RowTaking]

    /// `releaseStep`: each chunk's parser gives back the pages it has parsed, this many bytes at a
    /// time (`PageRelease`); nil keeps them. `rows`: the sink of the array's rows, whose chunks
    /// take the other chunks' rows.
    init(
        _ split: ArraySplit, buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int, releaseStep: Int? = nil,
        rows: (any RowTaking)? = nil
    ) {
        start = split.starts[0]
        depth = split.depth
        results = Mutex(Array(repeating: nil, count: split.starts.count))
        let sinks = rows.map { rows in split.starts.map { _ in rows.chunk() } } ?? []
        self.sinks = sinks
        let shared = SharedBytes(buffer: buffer)
        let depth = split.depth
        for (chunk, start) in split.starts.enumerated() {
            let end = chunk + 1 < split.starts.count ? split.starts[chunk + 1] : nil
            DispatchQueue.global().async(group: group) {
                var parser = JSONParser(shared.buffer, maxDepth: maxDepth)
                parser.strings = StringTable()
                if let releaseStep, let base = shared.buffer.baseAddress {
                    parser.pages = PageRelease(base: UnsafeRawPointer(base), start: start, step: releaseStep)
                }
                parser.position = start
                parser.depth = depth
                if !sinks.isEmpty { parser.rowSink = sinks[chunk] }
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

    /// Whether the first chunk took the other chunks' elements.
    var wasJoined: Bool { joined.load(ordering: .relaxed) }

    /// Waits for the other threads, which read the caller's bytes, before they go away.
    func finish() {
        group.wait()
    }
}

/// The document's bytes, shared read-only by the chunk parsers.
private struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}
