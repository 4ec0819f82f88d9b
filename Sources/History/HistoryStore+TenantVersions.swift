import Foundation
import GRDB
import JSONCore
import PolicyModel

/// A recorded tenant version.
public struct TenantVersion: Sendable, Equatable {
    public var version: Int
    /// When the tenant was observed as it is in this version.
    public var observedAt: Date
    public var digest: String
    public var objectCount: Int
}

extension HistoryStore {
    /// Records a tenant as observed at `observedAt`: a new version only if something changed, and then
    /// only the changed objects. One transaction. Returns the version now current and whether it is new.
    @discardableResult
    public func recordTenant(_ snapshot: TenantSnapshot, observedAt: Date) throws -> (version: TenantVersion, isNew: Bool) {
        let keys = snapshot.objects.keys.sorted()
        // Pass 1, in parallel: a digest per object, to find what changed without keeping the encodings.
        let digests = Parallel.map(keys) { key in Digest.fnv1a(Self.encode(snapshot.objects[key]!)) }
        var combined = Digest()
        for (key, digest) in zip(keys, digests) {
            combined.add(key.kind.rawValue + "|" + key.id)
            combined.add(digest)
        }
        let digest = combined.hex
        return try queue.write { db in
            let last = try Self.lastVersion(db)
            if let last, last.digest == digest { return (last, false) }
            if let last, observedAt < last.observedAt {
                throw HistoryError(
                    "the tenant is observed at \(ISO8601.format(observedAt)), before the last recorded version (\(ISO8601.format(last.observedAt))); history only moves forward")
            }
            let version = (last?.version ?? 0) + 1
            var open: [TenantSnapshot.Key: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT kind, object_key, digest FROM tenant_objects WHERE to_version IS NULL")
            while let row = try rows.next() {
                guard let kind = TenantSnapshot.Kind(rawValue: row[0]) else { continue }
                open[TenantSnapshot.Key(kind: kind, id: row[1])] = row[2]
            }
            let changed = keys.indices.filter { open[keys[$0]] != digests[$0] }
            // Pass 2, in parallel: encode and compress only what changed.
            let blobs = Parallel.map(changed) { i in Compression.compress(Self.encode(snapshot.objects[keys[i]]!)) }
            let close = try db.cachedStatement(
                sql: "UPDATE tenant_objects SET to_version = ? WHERE kind = ? AND object_key = ? AND to_version IS NULL")
            let insert = try db.cachedStatement(
                sql: "INSERT INTO tenant_objects (kind, object_key, from_version, digest, json) VALUES (?, ?, ?, ?, ?)")
            for (i, blob) in zip(changed, blobs) {
                let key = keys[i]
                if open[key] != nil { try close.execute(arguments: [version, key.kind.rawValue, key.id]) }
                try insert.execute(arguments: [key.kind.rawValue, key.id, version, digests[i], Data(blob)])
            }
            for key in open.keys where snapshot.objects[key] == nil {
                try close.execute(arguments: [version, key.kind.rawValue, key.id])
            }
            try db.execute(
                sql: "INSERT INTO tenant_versions (version, observed_at, digest, object_count) VALUES (?, ?, ?, ?)",
                arguments: [version, observedAt.timeIntervalSince1970, digest, keys.count])
            return (TenantVersion(version: version, observedAt: observedAt, digest: digest, objectCount: keys.count), true)
        }
    }

    /// An object's stored form: compact JSON.
    static func encode(_ json: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter(pretty: false).write(json, into: &bytes)
        return bytes
    }

    /// The newest version observed at or before `instant`; before the first version, the first one
    /// (the earliest knowledge of the tenant stands for its past). Nil for an empty history.
    public func tenantVersion(at instant: Date) throws -> TenantVersion? {
        try queue.read { db in
            let sql = "SELECT version, observed_at, digest, object_count FROM tenant_versions"
            let row =
                try Row.fetchOne(db, sql: sql + " WHERE observed_at <= ? ORDER BY version DESC LIMIT 1", arguments: [instant.timeIntervalSince1970])
                ?? Row.fetchOne(db, sql: sql + " ORDER BY version LIMIT 1")
            return row.map(Self.version)
        }
    }

    /// Every recorded version, oldest first.
    public func tenantVersions() throws -> [TenantVersion] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT version, observed_at, digest, object_count FROM tenant_versions ORDER BY version")
                .map(Self.version)
        }
    }

    /// The tenant's objects as they were in `version`.
    public func snapshot(version: Int) throws -> TenantSnapshot {
        try queue.read { db in
            var objects: [TenantSnapshot.Key: JSONValue] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT kind, object_key, json FROM tenant_objects WHERE from_version <= ? AND (to_version IS NULL OR to_version > ?)",
                arguments: [version, version])
            while let row = try rows.next() {
                guard let kind = TenantSnapshot.Kind(rawValue: row[0]) else { continue }
                let data: Data = row[2]
                objects[TenantSnapshot.Key(kind: kind, id: row[1])] = try JSONParser.parse(Compression.decompress([UInt8](data)))
            }
            return TenantSnapshot(objects: objects)
        }
    }

    static func lastVersion(_ db: Database) throws -> TenantVersion? {
        try Row.fetchOne(db, sql: "SELECT version, observed_at, digest, object_count FROM tenant_versions ORDER BY version DESC LIMIT 1")
            .map(version)
    }

    static func version(_ row: Row) -> TenantVersion {
        TenantVersion(
            version: row[0], observedAt: Date(timeIntervalSince1970: row[1]), digest: row[2], objectCount: row[3])
    }
}
