import Foundation
import GRDB

extension HistoryStore {
    /// When the first recorded cycle became visible: nothing is known before it.
    package func firstVisible() throws -> Date? {
        try queue.read { db in
            try Double.fetchOne(db, sql: "SELECT MIN(visible_at) FROM cycles").map(Date.init(timeIntervalSince1970:))
        }
    }

    /// The latest instant the history has been told about: a cycle's visibility, a tenant
    /// observation or a scan request. A run or a scan before it would move the clock back.
    package func latestInstant() throws -> Date? {
        try queue.read { db in
            try Double.fetchOne(
                db,
                sql: """
                    SELECT MAX(t) FROM (
                        SELECT MAX(visible_at) AS t FROM cycles UNION ALL
                        SELECT MAX(observed_at) FROM tenant_versions UNION ALL
                        SELECT MAX(at) FROM scan_requests)
                    """
            ).map(Date.init(timeIntervalSince1970:))
        }
    }
}
