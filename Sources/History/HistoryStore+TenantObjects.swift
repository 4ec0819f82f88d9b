import Foundation
import GRDB
import JSONCore
import PolicyModel

extension HistoryStore {
    /// The objects of some kinds only, as they were in `version`: what a query needs of a tenant
    /// (its recommendations and controls, say) without rebuilding every resource.
    public func snapshot(version: Int, kinds: Set<TenantSnapshot.Kind>) throws -> TenantSnapshot {
        try queue.read { db in
            let keys = try Self.objectKeys(db).filter { kinds.contains($0.value.kind) }
            let rows = try Self.validRows(db, version: version).filter { keys[$0[0]] != nil }
            return TenantSnapshot(objects: try Self.objects(db, rows: rows, keys: keys))
        }
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
            sql: "SELECT object, chunk, offset, length FROM tenant_objects WHERE from_version <= ?1 AND (to_version IS NULL OR to_version > ?1)",
            arguments: [version])
    }
}
