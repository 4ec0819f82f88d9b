import Foundation
import GRDB
import JSONCore
import PolicyModel

extension HistoryStore {
    /// The objects of some kinds only, as they were in `version`: what a query needs of a tenant
    /// (its recommendations and controls, say) without rebuilding every resource.
    public func snapshot(version: Int, kinds: Set<TenantSnapshot.Kind>) throws -> TenantSnapshot {
        try queue.read { db in
            let keys = try Self.objectKeys(db, kinds: kinds)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT object, chunk, offset, length FROM tenant_objects
                    WHERE \(ValidAt.version) AND object IN (SELECT value FROM json_each(?2))
                    """,
                arguments: [version, "[" + keys.keys.map(String.init).joined(separator: ",") + "]"])
            return TenantSnapshot(objects: try Self.objects(db, rows: rows, keys: keys))
        }
    }

    /// The keys of the objects of some kinds, by id: their rows, and the rows of the keys they
    /// extend, read without the rest of the dictionary.
    static func objectKeys(_ db: Database, kinds: Set<TenantSnapshot.Kind>) throws -> [Int64: TenantSnapshot.Key] {
        var rows: [Int64: (kind: String, prefix: Int64?, suffix: String)] = [:]
        let list = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        var batch = try Row.fetchAll(db, sql: "SELECT id, kind, prefix, key_suffix FROM objects WHERE kind IN (\(list))")
        while !batch.isEmpty {
            for row in batch { rows[row[0]] = (row[1], row[2], row[3]) }
            let missing = Set(batch.compactMap { $0[2] as Int64? }).filter { rows[$0] == nil }
            guard !missing.isEmpty else { break }
            batch = try Row.fetchAll(
                db, sql: "SELECT id, kind, prefix, key_suffix FROM objects WHERE id IN (SELECT value FROM json_each(?))",
                arguments: ["[" + missing.map(String.init).joined(separator: ",") + "]"])
        }
        var texts: [Int64: String] = [:]
        func text(_ id: Int64) throws -> String {
            if let known = texts[id] { return known }
            guard let row = rows[id] else { throw HistoryError("objects row \(id) is missing") }
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

    /// Which of `keys` existed in `version`.
    public func existing(_ keys: [TenantSnapshot.Key], inVersion version: Int) throws -> Set<TenantSnapshot.Key> {
        try queue.read { db in
            let ids = try ObjectDictionary(db).ids
            let valid = Set(try Self.validRows(db, version: version).map { $0[0] as Int64 })
            return Set(keys.filter { ids[$0].map(valid.contains) ?? false })
        }
    }

    /// The `tenant_objects` rows (object, chunk, offset, length) valid in `version`.
    static func validRows(_ db: Database, version: Int) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: "SELECT object, chunk, offset, length FROM tenant_objects WHERE \(ValidAt.version)",
            arguments: [version])
    }
}
