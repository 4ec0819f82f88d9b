import GRDB
import GRDBSQLite

extension Database {
    /// One row of `scan`, read in place: valid only inside the call that receives it.
    struct RawRow {
        fileprivate let handle: SQLiteStatement

        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

        /// The column's text as UTF-8 bytes, without a copy.
        func utf8(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(
                start: sqlite3_column_text(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
        }

        func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(handle, column) else { return "" }
            return String(cString: bytes)
        }
    }

    /// Steps through the rows of `sql`, handing each to `body` as read in place. For scans of
    /// hundreds of thousands of rows, where building a GRDB `Row` per row costs several times
    /// the read itself.
    func scan(_ sql: String, arguments: StatementArguments = [], _ body: (RawRow) throws -> Void) throws {
        let statement = try makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: lastErrorMessage, sql: sql)
            }
            try body(RawRow(handle: handle))
        }
    }
}
