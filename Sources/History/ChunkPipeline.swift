import Foundation

/// Packs chunks of tenant objects (`ObjectChunk.pack`) on other threads while the caller does its
/// own serial work (numbering new objects, writing rows) and then writes the chunks in order.
///
/// A first night at a million resources encodes and compresses 1.3 GB of JSON; done before the
/// serial work, one of the two cores idled through a third of the recording.
final class ChunkPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [ObjectChunk] = []
    private var next = 0
    private var heldBytes = 0
    private var finished = false
    private var cancelled = false
    private let done = DispatchGroup()
    /// Compressed bytes packed ahead of the writer before the packing waits.
    static let aheadBytes = 64 << 20

    /// The thrown error that stops the packing once the writer has stopped taking chunks.
    private struct Cancelled: Error {}

    /// Starts packing `items` (`ObjectChunk.pack(_:encode:write:)`).
    init(_ items: [ObjectChunk.Item], encode: @escaping @Sendable (ObjectChunk.Item) -> [UInt8]) {
        done.enter()
        DispatchQueue.global().async {
            defer {
                self.condition.lock()
                self.finished = true
                self.condition.broadcast()
                self.condition.unlock()
                self.done.leave()
            }
            try? ObjectChunk.pack(items, encode: encode) { chunk in try self.put(chunk) }
        }
    }

    private func put(_ chunk: ObjectChunk) throws {
        condition.lock()
        defer { condition.unlock() }
        while heldBytes > Self.aheadBytes, !cancelled { condition.wait() }
        guard !cancelled else { throw Cancelled() }
        ready.append(chunk)
        heldBytes += chunk.blob.count
        condition.broadcast()
    }

    /// The next chunk in packing order, waiting for it; nil once every chunk was taken.
    func take() -> ObjectChunk? {
        condition.lock()
        defer { condition.unlock() }
        while next == ready.count, !finished { condition.wait() }
        guard next < ready.count else { return nil }
        let chunk = ready[next]
        ready[next] = ObjectChunk(members: [], blob: [])
        next += 1
        heldBytes -= chunk.blob.count
        condition.broadcast()
        return chunk
    }

    /// Stops the packing and waits for its threads: after a failed write nothing more is packed.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        done.wait()
    }
}
