import JSONCore
import PolicyModel

/// Tenant objects as stored: the JSON of several objects side by side, compressed together.
///
/// A version's new and changed objects are sorted by kind, type and key, so that neighbours look
/// alike (fifty storage accounts in a row share almost every byte but their names), and cut into
/// chunks of about `targetBytes` of JSON. Each object's row in `tenant_objects` names its chunk and
/// the byte range of its JSON in the decompressed chunk.
struct ObjectChunk: Sendable {
    /// One object's place in the chunk; `item` is its position in the list given to `pack`.
    struct Member: Sendable {
        var item: Int
        var offset: Int
        var length: Int
    }

    /// An object to store: where it sorts. Its JSON is encoded only when its chunk is packed.
    struct Item: Sendable {
        var order: String
        var key: TenantSnapshot.Key
    }

    var members: [Member]
    /// The compressed JSON of the members, one after another.
    var blob: [UInt8]

    /// Decompressed size a chunk grows to before the next one starts. Deflate looks back 32 KB;
    /// beyond that a larger chunk gains little and costs more to read one object back.
    static let targetBytes = 64 * 1024
    /// Items encoded at once (in parallel) while packing: what bounds the JSON held in memory.
    static let window = 1024
    /// Chunks compressed at once (in parallel) before they are handed to `write`.
    static let batch = 16

    /// Packs `items` into compressed chunks in their sort order, handing each to `write` in turn.
    /// Only a window of items is encoded (by `encode`) at a time and chunks are written as they
    /// are compressed, so memory follows the window, not the tenant: a first night records every
    /// object of a million-resource tenant.
    static func pack(
        _ items: [Item], encode: @Sendable (Item) -> [UInt8], write: (ObjectChunk) throws -> Void
    ) throws {
        let sorted = items.indices.sorted { items[$0].order < items[$1].order }
        var pending: [[(item: Int, json: [UInt8])]] = []
        var group: [(item: Int, json: [UInt8])] = []
        var size = 0
        func flush() throws {
            let chunks = Parallel.map(pending) { members in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(members.reduce(0) { $0 + $1.json.count })
                var placed: [Member] = []
                for member in members {
                    placed.append(Member(item: member.item, offset: bytes.count, length: member.json.count))
                    bytes.append(contentsOf: member.json)
                }
                return ObjectChunk(members: placed, blob: Compression.compress(bytes))
            }
            pending.removeAll(keepingCapacity: true)
            for chunk in chunks { try write(chunk) }
        }
        var start = 0
        while start < sorted.count {
            let end = min(start + window, sorted.count)
            let encoded = Parallel.map(sorted[start..<end].map { items[$0] }, encode)
            for (item, json) in zip(sorted[start..<end], encoded) {
                if size > 0, size + json.count > targetBytes {
                    pending.append(group)
                    (group, size) = ([], 0)
                    if pending.count >= batch { try flush() }
                }
                group.append((item, json))
                size += json.count
            }
            start = end
        }
        if !group.isEmpty { pending.append(group) }
        try flush()
    }

    /// The objects at `slices` (offset, length) of a stored chunk, parsed; `chunk` names it in errors.
    static func objects(in blob: [UInt8], slices: [(offset: Int, length: Int)], chunk: Int64) throws -> [JSONValue] {
        let bytes = try Compression.decompress(blob)
        return try slices.map { slice in
            guard slice.offset >= 0, slice.length >= 0, slice.offset + slice.length <= bytes.count else {
                throw HistoryError(
                    .compression, "tenant object chunk \(chunk) is shorter than the objects stored in it")
            }
            do {
                return try bytes.withUnsafeBytes {
                    try JSONParser.parse(
                        UnsafeRawBufferPointer(rebasing: $0[slice.offset..<(slice.offset + slice.length)]))
                }
            } catch {
                throw HistoryError(
                    .compression,
                    "tenant object chunk \(chunk), bytes \(slice.offset)..<\(slice.offset + slice.length): \(error)")
            }
        }
    }
}
