import NIOCore
import PostgresNIO

/// A statement parameter, typed even when NULL: what the PostgreSQL store binds.
enum PostgresValue {
    case int(Int64?)
    case double(Double?)
    case text(String?)
    case bytes([UInt8])
    /// An array of integers (`= ANY($n)`).
    case ints([Int64])
    /// An array of texts.
    case texts([String])

    /// A Swift `Int` (a cycle number, a count) as a BIGINT.
    static func number(_ value: Int?) -> PostgresValue { .int(value.map(Int64.init)) }

    func bind(into binds: inout PostgresBindings) {
        switch self {
        case .int(let value): binds.append(value)
        case .double(let value): binds.append(value)
        case .text(let value): binds.append(value)
        case .bytes(let value): binds.append(ByteBuffer(bytes: value))
        case .ints(let value): binds.append(value)
        case .texts(let value): binds.append(value)
        }
    }
}

extension PostgresRandomAccessRow {
    func int(_ column: Int) throws -> Int64 { try self[column].decode(Int64.self) }
    func optionalInt(_ column: Int) throws -> Int64? { try self[column].decode(Int64?.self) }
    func double(_ column: Int) throws -> Double { try self[column].decode(Double.self) }
    func optionalDouble(_ column: Int) throws -> Double? { try self[column].decode(Double?.self) }
    func text(_ column: Int) throws -> String { try self[column].decode(String.self) }
    func optionalText(_ column: Int) throws -> String? { try self[column].decode(String?.self) }
    func bool(_ column: Int) throws -> Bool { try self[column].decode(Bool.self) }

    func bytes(_ column: Int) throws -> [UInt8] {
        var buffer = try self[column].decode(ByteBuffer.self)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

extension PostgresSession {
    /// Runs `sql` with `values` for `$1`, `$2`, … and returns every row, for access by column.
    func query(_ sql: String, _ values: [PostgresValue] = []) throws -> [PostgresRandomAccessRow] {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { value.bind(into: &binds) }
        return try rows(sql, binds).map { $0.makeRandomAccess() }
    }

    /// The first column of the first row of `sql`, nil when there is no row or it is NULL.
    func scalarInt(_ sql: String, _ values: [PostgresValue] = []) throws -> Int64? {
        try query(sql, values).first.flatMap { try $0.optionalInt(0) }
    }

    func scalarDouble(_ sql: String, _ values: [PostgresValue] = []) throws -> Double? {
        try query(sql, values).first.flatMap { try $0.optionalDouble(0) }
    }

    /// Inserts `rows` into `table`, many rows per statement (within the server's limit on parameters).
    func insert(into table: String, columns: [String], rows: [[PostgresValue]]) throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, 30_000 / columns.count)
        var start = 0
        while start < rows.count {
            let batch = rows[start..<min(start + perStatement, rows.count)]
            var sql = "INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
            var binds = PostgresBindings(capacity: batch.count * columns.count)
            var number = 0
            for (index, row) in batch.enumerated() {
                sql += index == 0 ? "(" : ", ("
                for (column, value) in row.enumerated() {
                    number += 1
                    sql += column == 0 ? "$\(number)" : ", $\(number)"
                    value.bind(into: &binds)
                }
                sql += ")"
            }
            _ = try self.rows(sql, binds)
            start += batch.count
        }
    }
}
