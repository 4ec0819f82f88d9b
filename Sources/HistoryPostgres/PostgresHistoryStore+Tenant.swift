import Foundation
import History
import JSONCore
import PolicyModel
import PostgresNIO

extension PostgresHistoryStore {
    /// The SQL condition "the row's interval holds version `$1`".
    static let validAtVersion = "from_version <= $1 AND COALESCE(to_version, \(Int64.max)) > $1"

    /// Records a tenant as observed at `observedAt` (`TenantRecording`), in one transaction.
    @discardableResult
    package func recordTenant(_ record: TenantRecord, observedAt: Date) throws -> (
        version: TenantVersion, isNew: Bool
    ) {
        try write {
            var objects = try objectDictionary()
            var open: [Int64: (from: Int64, digest: Int64)] = [:]
            for row in try session.query(
                "SELECT object, from_version, digest FROM tenant_objects WHERE to_version IS NULL")
            {
                open[try row.int(0)] = (try row.int(1), try row.int(2))
            }
            var writer = PostgresTenantWriter(
                session: session, nextChunk: (try session.scalarInt("SELECT MAX(id) FROM object_chunks") ?? 0) + 1)
            return try TenantRecording.record(
                record, observedAt: observedAt, last: try lastVersion(), open: open, objects: &objects,
                writer: &writer)
        }
    }

    func objectDictionary() throws -> ObjectDictionary {
        var objects = ObjectDictionary()
        for row in try session.query("SELECT id, kind, prefix, key_suffix FROM objects ORDER BY id") {
            try objects.load(
                ObjectDictionary.Row(
                    id: try row.int(0), kind: try row.text(1), prefix: try row.optionalInt(2), suffix: try row.text(3)))
        }
        return objects
    }

    static let versionSelect = "SELECT version, observed_at, digest, object_count FROM tenant_versions"

    func versions(_ sql: String, _ values: [PostgresValue] = []) throws -> [TenantVersion] {
        try session.query(Self.versionSelect + sql, values).map { row in
            TenantVersion(
                version: Int(try row.int(0)), observedAt: Date(timeIntervalSince1970: try row.double(1)),
                digest: try row.text(2), objectCount: Int(try row.int(3)))
        }
    }

    func lastVersion() throws -> TenantVersion? {
        try versions(" ORDER BY version DESC LIMIT 1").first
    }

    /// The newest version observed at or before `instant`; before the first version, the first.
    package func tenantVersion(at instant: Date) throws -> TenantVersion? {
        try read {
            try versions(
                " WHERE observed_at <= $1 ORDER BY version DESC LIMIT 1", [.double(instant.timeIntervalSince1970)]
            ).first ?? versions(" ORDER BY version LIMIT 1").first
        }
    }

    /// Every recorded version, oldest first.
    package func tenantVersions() throws -> [TenantVersion] {
        try read { try versions(" ORDER BY version") }
    }

    /// The objects a version added, changed or removed, compared with the version before it.
    package func changes(in version: Int) throws -> Set<TenantSnapshot.Key> {
        try read {
            let ids = try session.query(
                """
                SELECT object FROM tenant_objects WHERE from_version = $1
                UNION SELECT object FROM tenant_objects WHERE to_version = $1
                """, [.number(version)]
            ).map { try $0.int(0) }
            let keys = try objectDictionary().keys
            return Set(ids.compactMap { keys[$0] })
        }
    }

    /// The tenant's objects as they were in `version`.
    package func snapshot(version: Int) throws -> TenantSnapshot {
        try read {
            let slices = try slices(
                "SELECT object, chunk, \"offset\", length FROM tenant_objects WHERE \(Self.validAtVersion)",
                [.number(version)])
            return TenantSnapshot(objects: try objects(slices, keys: try objectDictionary().keys))
        }
    }

    /// The objects of `version`, derived from `base`, the objects of `baseVersion`: only what changed
    /// between the two versions is read.
    package func snapshot(version: Int, from base: TenantRecord, of baseVersion: Int) throws -> TenantRecord {
        guard version != baseVersion else { return base }
        let (low, high) = (min(version, baseVersion), max(version, baseVersion))
        return try read {
            let rows = try session.query(
                """
                SELECT object, chunk, "offset", length, from_version, to_version FROM tenant_objects
                WHERE from_version > $1 AND from_version <= $2
                UNION
                SELECT object, chunk, "offset", length, from_version, to_version FROM tenant_objects
                WHERE to_version > $1 AND to_version <= $2
                """, [.number(low), .number(high)])
            let keys = try objectDictionary().keys
            var snapshot = base
            var valid: [TenantObjectReading.Slice] = []
            for row in rows {
                let object = try row.int(0)
                guard let key = keys[object] else {
                    throw HistoryError(.damaged, "tenant object \(object) has no entry in objects")
                }
                snapshot.objects[key] = nil
                let (from, to) = (try row.int(4), try row.optionalInt(5))
                if from <= version && (to.map { $0 > version } ?? true) {
                    valid.append(try Self.slice(row))
                }
            }
            for (key, value) in try objects(valid, keys: keys) { snapshot.objects[key] = .json(value) }
            return snapshot
        }
    }

    /// The objects of some kinds only, as they were in `version`.
    package func snapshot(version: Int, kinds: Set<TenantSnapshot.Kind>) throws -> TenantSnapshot {
        try read {
            func rows(_ sql: String, _ values: [PostgresValue]) throws -> [ObjectDictionary.Row] {
                try session.query(sql, values).map { row in
                    ObjectDictionary.Row(
                        id: try row.int(0), kind: try row.text(1), prefix: try row.optionalInt(2),
                        suffix: try row.text(3))
                }
            }
            let keys = try TenantObjectReading.keys(
                kinds: kinds,
                rows: try rows(
                    "SELECT id, kind, prefix, key_suffix FROM objects WHERE kind = ANY($1::text[])",
                    [.texts(kinds.map(\.rawValue).sorted())])
            ) { missing in
                try rows("SELECT id, kind, prefix, key_suffix FROM objects WHERE id = ANY($1)", [.ints(Array(missing))])
            }
            let slices = try slices(
                """
                SELECT object, chunk, "offset", length FROM tenant_objects
                WHERE \(Self.validAtVersion) AND object = ANY($2)
                """, [.number(version), .ints(Array(keys.keys))])
            return TenantSnapshot(objects: try objects(slices, keys: keys))
        }
    }

    /// Which of `keys` existed in each of `versions` (`ObjectKeyMatcher` over the dictionary, then
    /// each version's intervals).
    package func existing(_ keys: [TenantSnapshot.Key], inVersions versions: Set<Int>) throws -> [Int: Set<
        TenantSnapshot.Key
    >] {
        guard !keys.isEmpty else { return Dictionary(uniqueKeysWithValues: versions.map { ($0, []) }) }
        return try read {
            var matcher = ObjectKeyMatcher(keys)
            for row in try session.query("SELECT id, prefix, key_suffix, kind FROM objects ORDER BY id") {
                guard let id = Int(exactly: try row.int(0)), let prefix = Int(exactly: try row.optionalInt(1) ?? 0)
                else { continue }
                try matcher.add(id: id, prefix: prefix, suffix: try row.text(2).utf8) { (try? row.text(3)) ?? "" }
            }
            let candidates = matcher.candidates
            var result: [Int: Set<TenantSnapshot.Key>] = [:]
            for version in versions {
                var found: Set<TenantSnapshot.Key> = []
                for row in try session.query(
                    "SELECT object FROM tenant_objects WHERE \(Self.validAtVersion)", [.number(version)])
                {
                    if let key = candidates[try row.int(0)] { found.insert(key) }
                }
                result[version] = found
            }
            return result
        }
    }

    static func slice(_ row: PostgresRandomAccessRow) throws -> TenantObjectReading.Slice {
        TenantObjectReading.Slice(
            object: try row.int(0), chunk: try row.int(1), offset: Int(try row.int(2)), length: Int(try row.int(3)))
    }

    func slices(_ sql: String, _ values: [PostgresValue]) throws -> [TenantObjectReading.Slice] {
        try session.query(sql, values).map(Self.slice)
    }

    /// The objects at `slices`, their chunks read a few hundred at a time.
    func objects(_ slices: [TenantObjectReading.Slice], keys: [Int64: TenantSnapshot.Key]) throws -> [TenantSnapshot
        .Key: JSONValue]
    {
        let ids = Array(Set(slices.map(\.chunk))).sorted()
        var chunks: [Int64: [UInt8]] = [:]
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + 256, ids.count)])
            for row in try session.query("SELECT id, json FROM object_chunks WHERE id = ANY($1)", [.ints(batch)]) {
                chunks[try row.int(0)] = try row.bytes(1)
            }
            start += batch.count
        }
        return try TenantObjectReading.objects(slices, keys: keys) { chunks[$0] }
    }
}

/// Recording a tenant into PostgreSQL: chunks and interval rows sent many to a statement.
private struct PostgresTenantWriter: TenantRowWriter {
    let session: PostgresSession
    var nextChunk: Int64
    var chunks: [[PostgresValue]] = []
    var chunkBytes = 0
    var opened: [[PostgresValue]] = []
    var closed: (from: [Int64], object: [Int64]) = ([], [])

    init(session: PostgresSession, nextChunk: Int64) {
        self.session = session
        self.nextChunk = nextChunk
    }

    mutating func writeObjects(_ rows: [ObjectDictionary.Row]) throws {
        try session.insert(
            into: "objects", columns: ["id", "kind", "prefix", "key_suffix"],
            rows: rows.map { [.int($0.id), .text($0.kind), .int($0.prefix), .text($0.suffix)] })
    }

    mutating func writeChunk(_ blob: [UInt8]) throws -> Int64 {
        let id = nextChunk
        nextChunk += 1
        chunks.append([.int(id), .bytes(blob)])
        chunkBytes += blob.count
        if chunkBytes > 8 << 20 || opened.count > 20_000 { try flush() }
        return id
    }

    mutating func close(object: Int64, from: Int64, version: Int64) throws {
        closed.from.append(from)
        closed.object.append(object)
    }

    mutating func open(version: Int64, object: Int64, digest: Int64, chunk: Int64, offset: Int, length: Int) throws {
        opened.append([.int(version), .int(object), .int(digest), .int(chunk), .number(offset), .number(length)])
    }

    /// Writes the chunks, then the rows that point into them.
    mutating func flush() throws {
        try session.insert(into: "object_chunks", columns: ["id", "json"], rows: chunks)
        try session.insert(
            into: "tenant_objects", columns: ["from_version", "object", "digest", "chunk", "offset", "length"],
            rows: opened)
        (chunks, opened, chunkBytes) = ([], [], 0)
    }

    mutating func writeVersion(_ recorded: TenantVersion) throws {
        try flush()
        if !closed.object.isEmpty {
            _ = try session.query(
                """
                UPDATE tenant_objects t SET to_version = $1 FROM unnest($2::bigint[], $3::bigint[]) AS c (f, o)
                WHERE t.from_version = c.f AND t.object = c.o
                """, [.number(recorded.version), .ints(closed.from), .ints(closed.object)])
        }
        try session.insert(
            into: "tenant_versions", columns: ["version", "observed_at", "digest", "object_count"],
            rows: [
                [
                    .number(recorded.version), .double(recorded.observedAt.timeIntervalSince1970),
                    .text(recorded.digest), .number(recorded.objectCount),
                ]
            ])
    }
}
