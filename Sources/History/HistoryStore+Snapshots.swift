import Foundation
import GRDB
import JSONCore
import PolicyModel

extension HistoryStore {
    /// The tenant's objects as they were in `version`: every chunk holding one of them decompressed
    /// and parsed (in parallel).
    package func snapshot(version: Int) throws -> TenantSnapshot {
        try queue.read { db in
            TenantSnapshot(
                objects: try Self.objects(
                    db, rows: try Self.validRows(db, version: version), keys: try Self.objectKeys(db)))
        }
    }

    /// The tenant's objects as they were in `version`, derived from `base`, the objects of
    /// `baseVersion`: only the objects added, changed or removed between the two versions are read
    /// from the database, and the others stay as they are (a loaded tenant's resources stay compact).
    /// The nightly run records today's tenant and evaluates yesterday's; this is how it gets
    /// yesterday's without reading the whole tenant back.
    package func snapshot(version: Int, from base: TenantRecord, of baseVersion: Int) throws -> TenantRecord {
        guard version != baseVersion else { return base }
        let (low, high) = (min(version, baseVersion), max(version, baseVersion))
        return try queue.read { db in
            // Every row that starts or ends between the two versions; an object without one is the
            // same in both. Of an object with one, the row valid at `version` (if any) is among them.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT object, chunk, offset, length, from_version, to_version FROM tenant_objects
                    WHERE from_version > ?1 AND from_version <= ?2
                    UNION
                    SELECT object, chunk, offset, length, from_version, to_version FROM tenant_objects
                    WHERE to_version > ?1 AND to_version <= ?2
                    """,
                arguments: [low, high])
            let keys = try Self.objectKeys(db)
            var snapshot = base
            for row in rows {
                guard let key = keys[row[0]] else {
                    throw HistoryError(.damaged, "tenant object \(row[0] as Int64) has no entry in objects")
                }
                snapshot.objects[key] = nil
            }
            let valid = rows.filter { row in
                let from: Int = row[4]
                let to: Int? = row[5]
                return from <= version && (to.map { $0 > version } ?? true)
            }
            for (key, value) in try Self.objects(db, rows: valid, keys: keys) { snapshot.objects[key] = .json(value) }
            return snapshot
        }
    }

    /// The objects of `rows` (object, chunk, offset, length), read chunk by chunk.
    static func objects(_ db: Database, rows: [Row], keys: [Int64: TenantSnapshot.Key]) throws -> [TenantSnapshot.Key:
        JSONValue]
    {
        try TenantObjectReading.objects(
            rows.map { TenantObjectReading.Slice(object: $0[0], chunk: $0[1], offset: $0[2], length: $0[3]) },
            keys: keys
        ) { id in
            try Data.fetchOne(db, sql: "SELECT json FROM object_chunks WHERE id = ?", arguments: [id]).map {
                [UInt8]($0)
            }
        }
    }

    /// The `objects` dictionary by id.
    static func objectKeys(_ db: Database) throws -> [Int64: TenantSnapshot.Key] {
        try ObjectDictionary(db).keys
    }
}
