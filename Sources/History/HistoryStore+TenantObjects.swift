import Foundation
import GRDB
import JSONCore
import PolicyModel

extension HistoryStore {
    /// The objects of some kinds only, as they were in `version`: what a query needs of a tenant
    /// (its recommendations and controls, say) without rebuilding every resource.
    package func snapshot(version: Int, kinds: Set<TenantSnapshot.Kind>) throws -> TenantSnapshot {
        try queue.read { db in
            let keys = try Self.objectKeys(db, kinds: kinds)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT object, chunk, offset, length FROM tenant_objects
                    WHERE \(ValidAt.version) AND object IN (SELECT value FROM json_each(?2))
                    """,
                arguments: [version, Self.jsonArray(ids: keys.keys)])
            return TenantSnapshot(objects: try Self.objects(db, rows: rows, keys: keys))
        }
    }

    /// The keys of the objects of some kinds, by id: their rows, and the rows of the keys they
    /// extend, read without the rest of the dictionary.
    static func objectKeys(_ db: Database, kinds: Set<TenantSnapshot.Kind>) throws -> [Int64: TenantSnapshot.Key] {
        func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [ObjectDictionary.Row] {
            try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                ObjectDictionary.Row(id: $0[0], kind: $0[1], prefix: $0[2], suffix: $0[3])
            }
        }
        let list = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        return try TenantObjectReading.keys(
            kinds: kinds, rows: try rows("SELECT id, kind, prefix, key_suffix FROM objects WHERE kind IN (\(list))")
        ) { missing in
            try rows(
                "SELECT id, kind, prefix, key_suffix FROM objects WHERE id IN (SELECT value FROM json_each(?))",
                [jsonArray(ids: missing)])
        }
    }

    /// Which of `keys` existed in each of `versions`. One pass over the object dictionary that
    /// spells no key out: each key's FNV-1a digest and length follow from its prefix's and its own
    /// bytes, and a row is a wanted key when both match one (and its kind does). Then one pass
    /// over each version's intervals. About 0.05 s at 100,000 resources, however many keys are
    /// asked about.
    package func existing(_ keys: [TenantSnapshot.Key], inVersions versions: Set<Int>) throws -> [Int: Set<
        TenantSnapshot.Key
    >] {
        guard !keys.isEmpty else { return Dictionary(uniqueKeysWithValues: versions.map { ($0, []) }) }
        return try queue.read { db in
            var matcher = ObjectKeyMatcher(keys)
            try db.scan("SELECT id, prefix, key_suffix, kind FROM objects ORDER BY id") { row in
                try matcher.add(id: Int(row.int(0)), prefix: Int(row.int(1)), suffix: row.utf8(2)) { row.text(3) }
            }
            let candidates = matcher.candidates
            var result: [Int: Set<TenantSnapshot.Key>] = [:]
            for version in versions {
                var found: Set<TenantSnapshot.Key> = []
                try db.scan("SELECT object FROM tenant_objects WHERE \(ValidAt.version)", arguments: [version]) { row in
                    if let key = candidates[row.int(0)] { found.insert(key) }
                }
                result[version] = found
            }
            return result
        }
    }

    /// A JSON array of row ids for `json_each` (numbers, to compare with integer columns).
    private static func jsonArray(ids: some Sequence<Int64>) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// The `tenant_objects` rows (object, chunk, offset, length) valid in `version`.
    static func validRows(_ db: Database, version: Int) throws -> [Row] {
        try Row.fetchAll(
            db,
            sql: "SELECT object, chunk, offset, length FROM tenant_objects WHERE \(ValidAt.version)",
            arguments: [version])
    }
}
