import Foundation
import GRDB
import PolicyModel

/// A recorded tenant version.
package struct TenantVersion: Sendable, Equatable {
    package var version: Int
    /// When the tenant was observed as it is in this version.
    package var observedAt: Date
    package var digest: String
    package var objectCount: Int

    package init(version: Int, observedAt: Date, digest: String, objectCount: Int) {
        self.version = version
        self.observedAt = observedAt
        self.digest = digest
        self.objectCount = objectCount
    }
}

/// Recording a tenant into SQLite.
private struct TenantWriter: TenantRowWriter {
    let db: Database
    let close: Statement
    let insertChunk: Statement
    let insert: Statement

    init(_ db: Database) throws {
        self.db = db
        close = try db.cachedStatement(
            sql: "UPDATE tenant_objects SET to_version = ? WHERE from_version = ? AND object = ?")
        insertChunk = try db.cachedStatement(sql: "INSERT INTO object_chunks (json) VALUES (?)")
        insert = try db.cachedStatement(
            sql:
                "INSERT INTO tenant_objects (from_version, object, digest, chunk, offset, length) VALUES (?, ?, ?, ?, ?, ?)"
        )
    }

    func writeObjects(_ rows: [ObjectDictionary.Row]) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO objects (id, kind, prefix, key_suffix) VALUES (?, ?, ?, ?)")
        for row in rows { try statement.execute(arguments: [row.id, row.kind, row.prefix, row.suffix]) }
    }

    func writeChunk(_ blob: [UInt8]) throws -> Int64 {
        try insertChunk.execute(arguments: [Data(blob)])
        return db.lastInsertedRowID
    }

    func close(object: Int64, from: Int64, version: Int64) throws {
        try close.execute(arguments: [version, from, object])
    }

    func open(version: Int64, object: Int64, digest: Int64, chunk: Int64, offset: Int, length: Int) throws {
        try insert.execute(arguments: [version, object, digest, chunk, offset, length])
    }

    func writeVersion(_ version: TenantVersion) throws {
        try db.execute(
            sql: "INSERT INTO tenant_versions (version, observed_at, digest, object_count) VALUES (?, ?, ?, ?)",
            arguments: [version.version, version.observedAt.timeIntervalSince1970, version.digest, version.objectCount])
    }
}

extension HistoryStore {
    /// Records a tenant as observed at `observedAt`: a new version only if something changed, and then
    /// only the changed objects, packed into compressed chunks. One transaction. Returns the version
    /// now current and whether it is new.
    @discardableResult
    package func recordTenant(_ record: TenantRecord, observedAt: Date) throws -> (
        version: TenantVersion, isNew: Bool
    ) {
        try queue.write { db in
            var objects = try ObjectDictionary(db)
            var open: [Int64: (from: Int64, digest: Int64)] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT object, from_version, digest FROM tenant_objects WHERE to_version IS NULL")
            while let row = try rows.next() { open[row[0]] = (row[1], row[2]) }
            var writer = try TenantWriter(db)
            return try TenantRecording.record(
                record, observedAt: observedAt, last: try Self.lastVersion(db), open: open, objects: &objects,
                writer: &writer)
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
