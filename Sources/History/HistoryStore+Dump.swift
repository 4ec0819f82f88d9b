import Foundation
import GRDB
import PolicyModel

extension HistoryStore {
    /// The columns that hold instants (Unix seconds), which the dump prints as UTC ISO 8601.
    static let instantColumns: Set<String> = [
        "observed_at", "start", "visible_at", "first_evaluation", "status_change", "at",
    ]

    /// Every row of every table as text, in a fixed order: two histories are the same history
    /// exactly when their dumps are equal (used to check that a killed run finishes as an
    /// uninterrupted one would). Instants print as UTC ISO 8601 (to the millisecond). The observed
    /// tables follow when any observed cycle is recorded (a store on the observed stream prints them
    /// under the modelled names instead), and `observed_compliance` when it holds a row.
    package func dump() throws -> String {
        try queue.read { db in
            var tables: [(String, String)] = [
                ("meta", "key"), ("scan_requests", "at"), ("tenant_versions", "version"),
                ("objects", "id"), ("object_chunks", "id"),
                ("tenant_objects", "from_version, object"), ("cycles", "seq"), ("resources", "id"),
                ("policies", "id"), ("texts", "id"), ("policy_states", "from_seq, resource, policy"),
                ("assessments", "from_seq, resource, assessment_key"), ("scores", "seq, subscription_id, control_key"),
                ("assessment_changes", "seq"), ("assessment_checkpoints", "seq"),
                ("unevaluated_policies", "seq, assignment_id, definition_id, reference_id"),
            ]
            if stream == .model, try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM observed_cycles)") == true {
                tables += Self.streamTables.map { ("observed_" + $0.name, $0.key.joined(separator: ", ")) }
            }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.observed_compliance)") == true {
                tables.append(("observed_compliance", "from_seq, subscription_id, standard, control, assessment"))
            }
            var out = ""
            for (table, order) in tables {
                out += "# \(table)\n"
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(order)")
                while let row = try rows.next() {
                    let instant = table == "meta" && row[0] as String? == "since"
                    out +=
                        zip(row.columnNames, row.databaseValues).map { column, value -> String in
                            switch value.storage {
                            case .blob(let data): "blob:\(data.count):\(Digest.fnv1a([UInt8](data)))"
                            case .double(let seconds) where Self.instantColumns.contains(column):
                                ISO8601.format(Date(timeIntervalSince1970: seconds))
                            case .int64(let seconds) where Self.instantColumns.contains(column):
                                ISO8601.format(Date(timeIntervalSince1970: Double(seconds)))
                            case .string(let text) where instant && column == "value":
                                Double(text).map { ISO8601.format(Date(timeIntervalSince1970: $0)) } ?? text
                            default: value.description
                            }
                        }.joined(separator: "|") + "\n"
                }
            }
            return out
        }
    }
}
