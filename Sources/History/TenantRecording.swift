import Foundation
import JSONCore
import PolicyModel

/// Where recording a tenant writes its rows: a store's tables, inside the store's transaction.
package protocol TenantRowWriter {
    /// Writes new `objects` rows (before any interval row refers to them).
    mutating func writeObjects(_ rows: [ObjectDictionary.Row]) throws
    /// Writes a chunk of compressed JSON and returns its id (the next free one).
    mutating func writeChunk(_ blob: [UInt8]) throws -> Int64
    /// Ends the open interval of `object` that started at `from` with `version`.
    mutating func close(object: Int64, from: Int64, version: Int64) throws
    /// Opens an interval of `object` at `version`: its digest and its bytes in a chunk.
    mutating func open(version: Int64, object: Int64, digest: Int64, chunk: Int64, offset: Int, length: Int) throws
    /// Writes the `tenant_versions` row, the last of a new version's rows.
    mutating func writeVersion(_ version: TenantVersion) throws
}

/// Recording a tenant, the same whatever the store: a new version only if something changed, and
/// then only the changed objects, packed into compressed chunks.
package enum TenantRecording {
    /// Records `record` as observed at `observedAt`, given the last version, the open intervals
    /// (object → first version, digest) and the object dictionary, writing through `writer`.
    /// Returns the version now current and whether it is new.
    package static func record(
        _ record: TenantRecord, observedAt: Date, last: TenantVersion?,
        open: [Int64: (from: Int64, digest: Int64)], objects: inout ObjectDictionary,
        writer: inout some TenantRowWriter
    ) throws -> (version: TenantVersion, isNew: Bool) {
        let keys = record.objects.keys.sorted()
        var open = open
        let ids = objects.ids
        // In parallel: every object digested as it is (a compact one was when it was loaded); only the
        // changed ones are encoded, chunk by chunk below.
        let digests = Parallel.map(keys) { record.objects[$0]!.digest }
        var combined = JSONDigest()
        for (key, digest) in zip(keys, digests) {
            combined.add(key.kind.rawValue + "|" + key.id)
            combined.add(digest)
        }
        let digest = combined.hex
        if let last, last.digest == digest { return (last, false) }
        if let last, observedAt < last.observedAt {
            throw HistoryError(
                .outOfOrder,
                "the tenant is observed at \(ISO8601.format(observedAt)), before the last recorded version "
                    + "(\(ISO8601.format(last.observedAt))); history only moves forward")
        }
        let version = Int64((last?.version ?? 0) + 1)
        // The changed objects are encoded and packed on other threads while new ones are numbered
        // and written here, in key order as before.
        var items: [ObjectChunk.Item] = []
        var itemDigests: [Int64] = []
        for (key, digest) in zip(keys, digests) {
            guard ids[key].flatMap({ open[$0]?.digest }) != digest else { continue }
            let type = record.objects[key]?.type ?? ""
            items.append(ObjectChunk.Item(order: key.kind.rawValue + "|" + type + "|" + key.id, key: key))
            itemDigests.append(digest)
        }
        let pipeline = ChunkPipeline(items) { record.objects[$0.key]!.bytes }
        var finished = false
        defer { if !finished { pipeline.cancel() } }
        let changed = zip(items, itemDigests).map { (object: objects.id(for: $0.key), digest: $1) }
        try writer.writeObjects(objects.pending)
        objects.pending.removeAll()
        // The new intervals are written in object order once every chunk is: chunks come in type
        // order, and inserts at random places of the intervals' tree cost more.
        var opened: [(object: Int64, digest: Int64, chunk: Int64, offset: Int, length: Int)] = []
        opened.reserveCapacity(items.count)
        while let chunk = pipeline.take() {
            let chunkId = try writer.writeChunk(chunk.blob)
            for m in chunk.members {
                let (object, digest) = changed[m.item]
                if let current = open.removeValue(forKey: object) {
                    try writer.close(object: object, from: current.from, version: version)
                }
                opened.append((object, digest, chunkId, m.offset, m.length))
            }
        }
        finished = true
        guard opened.count == items.count else {
            throw HistoryError(
                .compression, "recording the tenant packed \(opened.count) of \(items.count) changed objects")
        }
        opened.sort { $0.object < $1.object }
        for m in opened {
            try writer.open(
                version: version, object: m.object, digest: m.digest, chunk: m.chunk, offset: m.offset,
                length: m.length)
        }
        // A stored row encoded above that no longer read back as loaded rolls the version back.
        try Tenant.checkUnchanged(record.rowFiles)
        // What is still open and not in the snapshot was removed.
        let present = Set(keys.compactMap { ids[$0] })
        for (object, current) in open where !present.contains(object) {
            try writer.close(object: object, from: current.from, version: version)
        }
        let recorded = TenantVersion(
            version: Int(version), observedAt: observedAt, digest: digest, objectCount: keys.count)
        try writer.writeVersion(recorded)
        return (recorded, true)
    }
}
