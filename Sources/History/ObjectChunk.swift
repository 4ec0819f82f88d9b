import JSONCore
import PolicyModel

/// Tenant objects as stored: the JSON of several objects side by side, compressed together.
///
/// A version's new and changed objects are sorted by kind, type and key, so that neighbours look
/// alike (fifty storage accounts in a row share almost every byte but their names), and cut into
/// chunks of about `targetBytes` of JSON. Each object's row in `tenant_objects` names its chunk and
/// the byte range of its JSON in the decompressed chunk.
struct ObjectChunk: Sendable {
    /// One object's place in the chunk.
    struct Member: Sendable {
        var object: Int64
        var offset: Int
        var length: Int
    }

    /// An object to store: its id in `objects`, where it sorts, its compact JSON.
    struct Item: Sendable {
        var object: Int64
        var order: String
        var json: [UInt8]
    }

    var members: [Member]
    /// The compressed JSON of the members, one after another.
    var blob: [UInt8]

    /// Decompressed size a chunk grows to before the next one starts. Deflate looks back 32 KB;
    /// beyond that a larger chunk gains little and costs more to read one object back.
    static let targetBytes = 64 * 1024

    /// Packs `items` into compressed chunks (compression in parallel).
    static func pack(_ items: [Item]) -> [ObjectChunk] {
        let sorted = items.sorted { $0.order < $1.order }
        var groups: [Range<Int>] = []
        var start = 0
        var size = 0
        for (i, item) in sorted.enumerated() {
            if size > 0, size + item.json.count > targetBytes {
                groups.append(start..<i)
                (start, size) = (i, 0)
            }
            size += item.json.count
        }
        if start < sorted.count { groups.append(start..<sorted.count) }
        return Parallel.map(groups) { range in
            var bytes: [UInt8] = []
            var members: [Member] = []
            for item in sorted[range] {
                members.append(Member(object: item.object, offset: bytes.count, length: item.json.count))
                bytes.append(contentsOf: item.json)
            }
            return ObjectChunk(members: members, blob: Compression.compress(bytes))
        }
    }

    /// The objects at `slices` (offset, length) of a stored chunk, parsed; `chunk` names it in errors.
    static func objects(in blob: [UInt8], slices: [(offset: Int, length: Int)], chunk: Int64) throws -> [JSONValue] {
        let bytes = try Compression.decompress(blob)
        return try slices.map { slice in
            guard slice.offset >= 0, slice.length >= 0, slice.offset + slice.length <= bytes.count else {
                throw HistoryError(.compression, "tenant object chunk \(chunk) is shorter than the objects stored in it")
            }
            do {
                return try bytes.withUnsafeBytes { try JSONParser.parse(UnsafeRawBufferPointer(rebasing: $0[slice.offset..<(slice.offset + slice.length)])) }
            } catch {
                throw HistoryError(.compression, "tenant object chunk \(chunk), bytes \(slice.offset)..<\(slice.offset + slice.length): \(error)")
            }
        }
    }
}
