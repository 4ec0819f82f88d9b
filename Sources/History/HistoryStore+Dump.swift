import Foundation
import GRDB

extension HistoryStore {
    /// Every row of every table as text, in a fixed order (`HistoryDump`): two histories are the
    /// same history exactly when their dumps are equal (used to check that a killed run finishes as
    /// an uninterrupted one would). The observed tables follow when any observed cycle is recorded
    /// (a store on the observed stream prints them under the modelled names instead),
    /// `observed_compliance` when it holds a row, and `cycle_shards` when it holds one.
    package func dump() throws -> String {
        try queue.read { db in
            let observed =
                try stream == .model
                && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM observed_cycles)") == true
            let compliance =
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM main.observed_compliance)") == true
            let shards = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM cycle_shards)") == true
            var out = ""
            for (table, order) in HistoryDump.tables(observed: observed, compliance: compliance, shards: shards) {
                out += "# \(table)\n"
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT * FROM \(table) ORDER BY \(order.joined(separator: ", "))")
                while let row = try rows.next() {
                    out += HistoryDump.line(
                        table: table, columns: Array(row.columnNames),
                        values: row.databaseValues.map { value in
                            switch value.storage {
                            case .null: .null
                            case .int64(let integer): .integer(integer)
                            case .double(let real): .real(real)
                            case .string(let text): .text(text)
                            case .blob(let data): .blob([UInt8](data))
                            }
                        })
                }
            }
            return out
        }
    }
}
