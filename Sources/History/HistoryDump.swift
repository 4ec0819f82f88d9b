import Foundation
import JSONCore
import PolicyModel

/// What `dump()` prints, the same whatever the store: every row of every table as text, in a
/// fixed order, values as GRDB prints SQLite's (`DatabaseValue.description`), instants as UTC
/// ISO 8601 and blobs as their length and FNV-1a digest.
package enum HistoryDump {
    /// A stored value as the dump sees it.
    package enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(String)
        case blob([UInt8])
    }

    /// The tables in the order printed, each with the columns its rows are ordered by.
    package static let tables: [(name: String, order: [String])] = [
        ("meta", ["key"]), ("scan_requests", ["at"]), ("tenant_versions", ["version"]), ("objects", ["id"]),
        ("object_chunks", ["id"]), ("tenant_objects", ["from_version", "object"]), ("cycles", ["seq"]),
        ("resources", ["id"]), ("policies", ["id"]), ("texts", ["id"]),
        ("policy_states", ["from_seq", "resource", "policy"]),
        ("assessments", ["from_seq", "resource", "assessment_key"]),
        ("scores", ["seq", "subscription_id", "control_key"]), ("assessment_changes", ["seq"]),
        ("assessment_checkpoints", ["seq"]),
        ("unevaluated_policies", ["seq", "assignment_id", "definition_id", "reference_id"]),
    ]

    /// The order columns that hold text: a store orders them byte by byte, as SQLite does.
    package static let textOrderColumns: Set<String> = ["key", "assignment_id", "definition_id", "reference_id"]

    /// The tables to print: the observed ones follow when `observed` (a modelled store whose
    /// history holds observed cycles), and Azure's regulatory compliance lists when `compliance`
    /// (the history holds some), and the parts of sharded cycles when `shards` (it holds some).
    package static func tables(observed: Bool, compliance: Bool, shards: Bool) -> [(name: String, order: [String])] {
        var all = tables
        if shards { all.append(("cycle_shards", ["seq", "shard"])) }
        if observed { all += ResultStream.tables.map { ("observed_" + $0.name, $0.key) } }
        if compliance {
            all.append(("observed_compliance", ["from_seq", "subscription_id", "standard", "control", "assessment"]))
        }
        return all
    }

    /// The columns that hold instants (Unix seconds), which the dump prints as UTC ISO 8601.
    static let instantColumns: Set<String> = [
        "observed_at", "start", "visible_at", "first_evaluation", "status_change", "at",
    ]

    /// One row of `table` as a line.
    package static func line(table: String, columns: [String], values: [Value]) -> String {
        var isSince = false
        if table == "meta", case .text("since") = values.first { isSince = true }
        return zip(columns, values).map { column, value -> String in
            switch value {
            case .null: "NULL"
            case .blob(let bytes): "blob:\(bytes.count):\(JSONDigest.fnv1a(bytes))"
            case .real(let seconds) where instantColumns.contains(column):
                ISO8601.format(Date(timeIntervalSince1970: seconds))
            case .integer(let seconds) where instantColumns.contains(column):
                ISO8601.format(Date(timeIntervalSince1970: Double(seconds)))
            case .text(let text) where isSince && column == "value":
                Double(text).map { ISO8601.format(Date(timeIntervalSince1970: $0)) } ?? text
            case .integer(let value): String(value)
            case .real(let value): String(value)
            case .text(let text): String(reflecting: text)
            }
        }.joined(separator: "|") + "\n"
    }
}
