import History
import NIOCore
import PostgresNIO

extension PostgresHistoryStore {
    /// Every row of every table as text, exactly as `HistoryStore.dump()` prints the same history
    /// (`HistoryDump`): text ordered byte by byte (`COLLATE "C"`), as SQLite orders it.
    package func dump() throws -> String {
        try read {
            let observed =
                try stream == .model && session.query("SELECT EXISTS (SELECT 1 FROM observed_cycles)")[0].bool(0)
            let compliance = try session.query("SELECT EXISTS (SELECT 1 FROM observed_compliance)")[0].bool(0)
            let shards = try session.query("SELECT EXISTS (SELECT 1 FROM cycle_shards)")[0].bool(0)
            var out = ""
            for (table, order) in HistoryDump.tables(observed: observed, compliance: compliance, shards: shards) {
                out += "# \(table)\n"
                let columns = order.map { HistoryDump.textOrderColumns.contains($0) ? "\"\($0)\" COLLATE \"C\"" : $0 }
                for row in try session.query("SELECT * FROM \(table) ORDER BY \(columns.joined(separator: ", "))") {
                    out += HistoryDump.line(
                        table: table, columns: row.map(\.columnName), values: try row.map(Self.dumpValue))
                }
            }
            return out
        }
    }

    /// A cell as the dump prints it, by its column's type.
    static func dumpValue(_ cell: PostgresCell) throws -> HistoryDump.Value {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        default: return .text(try cell.decode(String.self))
        }
    }
}
