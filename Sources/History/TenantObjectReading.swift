import Foundation
import JSONCore
import PolicyModel

/// Reading recorded tenant objects back, the same whatever the store: keys from the `objects`
/// dictionary, objects from their chunks.
package enum TenantObjectReading {
    /// The keys of the objects of some kinds, by id, from `rows` (the `objects` rows of those kinds)
    /// and the rows of the keys they extend, which `fetch` reads by id.
    package static func keys(
        kinds: Set<TenantSnapshot.Kind>, rows batch: [ObjectDictionary.Row],
        fetch: (Set<Int64>) throws -> [ObjectDictionary.Row]
    ) throws -> [Int64: TenantSnapshot.Key] {
        var rows: [Int64: ObjectDictionary.Row] = [:]
        var batch = batch
        while !batch.isEmpty {
            for row in batch { rows[row.id] = row }
            let missing = Set(batch.compactMap(\.prefix)).filter { rows[$0] == nil }
            guard !missing.isEmpty else { break }
            batch = try fetch(missing)
        }
        var texts: [Int64: String] = [:]
        func text(_ id: Int64) throws -> String {
            if let known = texts[id] { return known }
            guard let row = rows[id] else { throw HistoryError(.damaged, "objects row \(id) is missing") }
            let full = try (row.prefix.map(text) ?? "") + row.suffix
            texts[id] = full
            return full
        }
        var keys: [Int64: TenantSnapshot.Key] = [:]
        for (id, row) in rows {
            guard let kind = TenantSnapshot.Kind(rawValue: row.kind), kinds.contains(kind) else { continue }
            keys[id] = TenantSnapshot.Key(kind: kind, id: try text(id))
        }
        return keys
    }

    /// A `tenant_objects` row's place: the object, its chunk and its byte range there.
    package struct Slice {
        package var object: Int64
        package var chunk: Int64
        package var offset: Int
        package var length: Int

        package init(object: Int64, chunk: Int64, offset: Int, length: Int) {
            self.object = object
            self.chunk = chunk
            self.offset = offset
            self.length = length
        }
    }

    /// The objects at `slices`, read chunk by chunk (`chunk` reads one, nil when it is missing),
    /// decompressed and parsed in parallel.
    package static func objects(
        _ slices: [Slice], keys: [Int64: TenantSnapshot.Key], chunk read: (Int64) throws -> [UInt8]?
    ) throws -> [TenantSnapshot.Key: JSONValue] {
        var byChunk: [Int64: [(object: Int64, offset: Int, length: Int)]] = [:]
        for slice in slices { byChunk[slice.chunk, default: []].append((slice.object, slice.offset, slice.length)) }
        let chunks = try byChunk.sorted { $0.key < $1.key }.map { id, members in
            guard let blob = try read(id) else {
                throw HistoryError(.damaged, "tenant object chunk \(id) is missing from object_chunks")
            }
            return (id: id, blob: blob, members: members)
        }
        let parsed = Parallel.map(chunks) { chunk -> Result<[JSONValue], HistoryError> in
            Result {
                try ObjectChunk.objects(
                    in: chunk.blob, slices: chunk.members.map { ($0.offset, $0.length) }, chunk: chunk.id)
            }.mapError { $0 as? HistoryError ?? HistoryError(.compression, "tenant object chunk \(chunk.id): \($0)") }
        }
        var objects: [TenantSnapshot.Key: JSONValue] = [:]
        objects.reserveCapacity(slices.count)
        for (chunk, values) in zip(chunks, parsed) {
            for (member, value) in zip(chunk.members, try values.get()) {
                guard let key = keys[member.object] else {
                    throw HistoryError(.damaged, "tenant object \(member.object) has no entry in objects")
                }
                objects[key] = value
            }
        }
        return objects
    }
}

/// Which `objects` rows are some keys, found without spelling any key out: each row's FNV-1a
/// digest and length follow from its prefix's and its own bytes, and a row is a wanted key when
/// both match one (and its kind does). Fed every row in id order.
package struct ObjectKeyMatcher {
    private var wanted: [ObjectFingerprint: (text: String, kinds: [TenantSnapshot.Kind])] = [:]
    /// By id; 0 stands for no prefix.
    private var fingerprints = [ObjectFingerprint(digest: JSONDigest().value, length: 0)]
    /// The rows that are wanted keys.
    package private(set) var candidates: [Int64: TenantSnapshot.Key] = [:]

    package init(_ keys: [TenantSnapshot.Key]) {
        for key in keys {
            var digest = JSONDigest()
            digest.add(key.id)
            wanted[ObjectFingerprint(digest: digest.value, length: key.id.utf8.count), default: (key.id, [])].kinds
                .append(key.kind)
        }
    }

    /// Adds an `objects` row (`prefix` 0 when it has none); `kind` is read only for a match.
    package mutating func add(
        id: Int, prefix: Int, suffix: some Collection<UInt8>, kind: () -> String
    ) throws {
        guard prefix < fingerprints.count, prefix < id else {
            throw HistoryError(
                .damaged, "objects row \(id) extends object \(prefix), which is missing or recorded after it")
        }
        var digest = JSONDigest(value: fingerprints[prefix].digest)
        digest.add(suffix)
        let fingerprint = ObjectFingerprint(digest: digest.value, length: fingerprints[prefix].length + suffix.count)
        if fingerprints.count <= id {
            fingerprints += Array(repeating: fingerprints[0], count: id + 1 - fingerprints.count)
        }
        fingerprints[id] = fingerprint
        if let (text, kinds) = wanted[fingerprint], let kind = TenantSnapshot.Kind(rawValue: kind()),
            kinds.contains(kind)
        {
            candidates[Int64(id)] = TenantSnapshot.Key(kind: kind, id: text)
        }
    }
}

/// An object key as `ObjectKeyMatcher` compares it: its FNV-1a digest and its length in bytes.
private struct ObjectFingerprint: Hashable {
    var digest: UInt64
    var length: Int
}
