import Foundation
import GRDB
import JSONCore
import PolicyModel

/// A recorded tenant version.
package struct TenantVersion: Sendable, Equatable {
    package var version: Int
    /// When the tenant was observed as it is in this version.
    package var observedAt: Date
    package var digest: String
    package var objectCount: Int
}

extension HistoryStore {
    /// Records a tenant as observed at `observedAt`: a new version only if something changed, and then
    /// only the changed objects, packed into compressed chunks. One transaction. Returns the version
    /// now current and whether it is new.
    @discardableResult
    package func recordTenant(_ record: TenantRecord, observedAt: Date) throws -> (
        version: TenantVersion, isNew: Bool
    ) {
        let keys = record.objects.keys.sorted()
        return try queue.write { db in
            let last = try Self.lastVersion(db)
            var objects = try ObjectDictionary(db)
            let ids = objects.ids
            var open: [Int64: (from: Int64, digest: Int64)] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT object, from_version, digest FROM tenant_objects WHERE to_version IS NULL")
            while let row = try rows.next() { open[row[0]] = (row[1], row[2]) }
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
                    "the tenant is observed at \(ISO8601.format(observedAt)), before the last recorded version (\(ISO8601.format(last.observedAt))); history only moves forward"
                )
            }
            let version = Int64((last?.version ?? 0) + 1)
            var items: [ObjectChunk.Item] = []
            var changed: [Int64: Int64] = [:]
            for (key, digest) in zip(keys, digests) {
                guard ids[key].flatMap({ open[$0]?.digest }) != digest else { continue }
                let id = try objects.id(db, for: key)
                changed[id] = digest
                let type = record.objects[key]?.type ?? ""
                let order = key.kind.rawValue + "|" + type + "|" + key.id
                items.append(ObjectChunk.Item(object: id, order: order, key: key))
            }
            let close = try db.cachedStatement(
                sql: "UPDATE tenant_objects SET to_version = ? WHERE from_version = ? AND object = ?")
            let insertChunk = try db.cachedStatement(sql: "INSERT INTO object_chunks (json) VALUES (?)")
            let insert = try db.cachedStatement(
                sql:
                    "INSERT INTO tenant_objects (from_version, object, digest, chunk, offset, length) VALUES (?, ?, ?, ?, ?, ?)"
            )
            try ObjectChunk.pack(items, encode: { record.objects[$0.key]!.bytes }) { chunk in
                try insertChunk.execute(arguments: [Data(chunk.blob)])
                let chunkId = db.lastInsertedRowID
                for m in chunk.members {
                    if let current = open.removeValue(forKey: m.object) {
                        try close.execute(arguments: [version, current.from, m.object])
                    }
                    try insert.execute(arguments: [version, m.object, changed[m.object]!, chunkId, m.offset, m.length])
                }
            }
            // What is still open and not in the snapshot was removed.
            let present = Set(keys.compactMap { ids[$0] })
            for (object, current) in open where !present.contains(object) {
                try close.execute(arguments: [version, current.from, object])
            }
            try db.execute(
                sql: "INSERT INTO tenant_versions (version, observed_at, digest, object_count) VALUES (?, ?, ?, ?)",
                arguments: [version, observedAt.timeIntervalSince1970, digest, keys.count])
            return (
                TenantVersion(version: Int(version), observedAt: observedAt, digest: digest, objectCount: keys.count),
                true
            )
        }
    }

    /// The newest version observed at or before `instant`; before the first version, the first one
    /// (the earliest knowledge of the tenant stands for its past). Nil for an empty history.
    package func tenantVersion(at instant: Date) throws -> TenantVersion? {
        try queue.read { db in
            let sql = "SELECT version, observed_at, digest, object_count FROM tenant_versions"
            let row =
                try Row.fetchOne(
                    db, sql: sql + " WHERE observed_at <= ? ORDER BY version DESC LIMIT 1",
                    arguments: [instant.timeIntervalSince1970])
                ?? Row.fetchOne(db, sql: sql + " ORDER BY version LIMIT 1")
            return row.map(Self.version)
        }
    }

    /// Every recorded version, oldest first.
    package func tenantVersions() throws -> [TenantVersion] {
        try queue.read { db in
            try Row.fetchAll(
                db, sql: "SELECT version, observed_at, digest, object_count FROM tenant_versions ORDER BY version"
            )
            .map(Self.version)
        }
    }

    static func lastVersion(_ db: Database) throws -> TenantVersion? {
        try Row.fetchOne(
            db,
            sql: "SELECT version, observed_at, digest, object_count FROM tenant_versions ORDER BY version DESC LIMIT 1"
        )
        .map(version)
    }

    static func version(_ row: Row) -> TenantVersion {
        TenantVersion(
            version: row[0], observedAt: Date(timeIntervalSince1970: row[1]), digest: row[2], objectCount: row[3])
    }
}
