import Foundation
import GRDB
import JSONCore
import PolicyModel

extension HistoryStore {
    /// The objects of some kinds only, as they were in `version`: what a query needs of a tenant
    /// (its recommendations and controls, say) without rebuilding every resource.
    public func snapshot(version: Int, kinds: Set<TenantSnapshot.Kind>) throws -> TenantSnapshot {
        try queue.read { db in
            var objects: [TenantSnapshot.Key: JSONValue] = [:]
            let list = kinds.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT kind, object_key, json FROM tenant_objects
                    WHERE kind IN (\(list)) AND from_version <= ? AND (to_version IS NULL OR to_version > ?)
                    """,
                arguments: [version, version])
            while let row = try rows.next() {
                guard let kind = TenantSnapshot.Kind(rawValue: row[0]) else { continue }
                let data: Data = row[2]
                objects[TenantSnapshot.Key(kind: kind, id: row[1])] = try JSONParser.parse(Compression.decompress([UInt8](data)))
            }
            return TenantSnapshot(objects: objects)
        }
    }

    /// Which of `keys` existed in `version`.
    public func existing(_ keys: [TenantSnapshot.Key], inVersion version: Int) throws -> Set<TenantSnapshot.Key> {
        try queue.read { db in
            let statement = try db.cachedStatement(
                sql: """
                    SELECT 1 FROM tenant_objects WHERE kind = ? AND object_key = ? AND from_version <= ?
                    AND (to_version IS NULL OR to_version > ?) LIMIT 1
                    """)
            var found = Set<TenantSnapshot.Key>()
            for key in keys where try Bool.fetchOne(statement, arguments: [key.kind.rawValue, key.id, version, version]) != nil {
                found.insert(key)
            }
            return found
        }
    }
}
