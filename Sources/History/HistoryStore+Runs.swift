import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// The instant the history starts from, fixed by the first run (`posture run --since`).
    package func since() throws -> Date? {
        try queue.read { db in
            try Double.fetchOne(db, sql: "SELECT CAST(value AS REAL) FROM meta WHERE key = 'since'").map(
                Date.init(timeIntervalSince1970:))
        }
    }

    /// Fixes the history's start; the first value stays.
    package func setSince(_ instant: Date) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('since', ?)",
                arguments: ["\(instant.timeIntervalSince1970)"])
        }
    }

    /// Asks for an on-demand policy scan at `instant` (`posture scan`); the runner executes it when due.
    package func requestScan(at instant: Date) throws {
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO scan_requests (at) VALUES (?)", arguments: [instant.timeIntervalSince1970])
        }
    }

    /// Every scan asked for, oldest first.
    package func scanRequests() throws -> [Date] {
        try queue.read { db in
            try Double.fetchAll(db, sql: "SELECT at FROM scan_requests ORDER BY at").map(
                Date.init(timeIntervalSince1970:))
        }
    }

    /// The starts of the recorded cycles of each kind at or after `instant` (to tell planned cycles already done).
    package func recordedStarts(since instant: Date) throws -> Set<CycleKey> {
        try queue.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT kind, start FROM cycles WHERE start >= ?", arguments: [instant.timeIntervalSince1970])
            return Set(
                rows.compactMap { row in
                    Cycle.Kind(rawValue: row[0]).map { CycleKey(kind: $0, start: Date(timeIntervalSince1970: row[1])) }
                })
        }
    }

    /// The objects a version added, changed or removed, compared with the version before it.
    package func changes(in version: Int) throws -> Set<TenantSnapshot.Key> {
        try queue.read { db in
            let ids = try Int64.fetchSet(
                db,
                sql:
                    "SELECT object FROM tenant_objects WHERE from_version = ?1 UNION SELECT object FROM tenant_objects WHERE to_version = ?1",
                arguments: [version])
            let keys = try Self.objectKeys(db)
            return Set(ids.compactMap { keys[$0] })
        }
    }
}

/// A cycle's identity: its kind and scheduled start.
package struct CycleKey: Sendable, Hashable {
    package var kind: Cycle.Kind
    package var start: Date

    package init(kind: Cycle.Kind, start: Date) {
        self.kind = kind
        self.start = start
    }
}
