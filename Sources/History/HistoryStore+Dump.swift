import Foundation
import GRDB

extension HistoryStore {
    /// Every row of every table as text, in a fixed order: two histories are the same history
    /// exactly when their dumps are equal (used to check that a killed run finishes as an
    /// uninterrupted one would).
    public func dump() throws -> String {
        try queue.read { db in
            let tables: [(String, String)] = [
                ("meta", "key"), ("scan_requests", "at"), ("tenant_versions", "version"),
                ("objects", "id"), ("object_chunks", "id"),
                ("tenant_objects", "from_version, object"), ("cycles", "seq"), ("resources", "id"),
                ("policies", "id"), ("texts", "id"), ("policy_states", "from_seq, resource, policy"),
                ("assessments", "from_seq, resource, assessment_key"), ("scores", "seq, subscription_id, control_key"),
                ("assessment_changes", "seq"), ("assessment_checkpoints", "seq"),
                ("unevaluated_policies", "seq, assignment_id, definition_id, reference_id"),
            ]
            var out = ""
            for (table, order) in tables {
                out += "# \(table)\n"
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
                while let row = try rows.next() {
                    out += row.databaseValues.map { value -> String in
                        switch value.storage {
                        case .blob(let data): "blob:\(data.count):\(Digest.fnv1a([UInt8](data)))"
                        default: value.description
                        }
                    }.joined(separator: "|") + "\n"
                }
            }
            return out
        }
    }
}
