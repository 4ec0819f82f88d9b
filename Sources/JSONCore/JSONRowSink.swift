/// Takes the rows of a large document as they are parsed (`JSONParser.parse(_:threads:rows:)`), so that
/// they are never all held as trees at once: each row is turned into a `Row` (a compact form) on the
/// thread that parsed it, and the document keeps an empty array in its place. With a `file`, each row
/// also comes with where it is in that file (`StoredRow`), to be read again from there.
///
/// The rows are the elements of the document's first array of objects, when that array is the
/// document itself or the `data` or `value` member of a top-level object (Resource Graph's
/// `{"count": …, "data": [...]}`).
///
/// Unchecked `Sendable`: a sink is filled by one parser thread at a time; the sinks of other threads'
/// chunks are joined into it after those threads are done, and it is read after the parse.
public final class JSONRowSink<Row: Sendable>: @unchecked Sendable {
    private let make: @Sendable (JSONValue, StoredRow?) -> Row
    /// The rows taken, in document order.
    public private(set) var rows: [Row] = []
    /// Where the array of rows is in the document (`[]`, `data` or `value`); nil when no array was taken.
    public private(set) var path: JSONPath?

    /// The file the document was read from, when its rows may be read again from it: set before the parse.
    public var file: RowFile?

    /// A sink that turns each row into `make(row, stored)`; `stored` is where the row is in `file`, nil
    /// without a file.
    public init(_ make: @escaping @Sendable (JSONValue, StoredRow?) -> Row) {
        self.make = make
    }
}

/// What the parser needs of a `JSONRowSink`, whatever its rows.
protocol RowTaking: AnyObject, Sendable {
    /// Takes the next row, which the document holds at `range`.
    func take(_ row: JSONValue, at range: Range<Int>)
    /// An empty sink for the rows another thread parses.
    func chunk() -> any RowTaking
    /// Appends the rows chunk sinks took, in order, after this sink's.
    func adopt(_ chunks: [any RowTaking])
    /// Notes where the array of rows is.
    func begin(at path: JSONPath)
}

extension JSONRowSink: RowTaking {
    func take(_ row: JSONValue, at range: Range<Int>) {
        rows.append(make(row, file.map { StoredRow(row, file: $0, range: range) }))
    }

    func chunk() -> any RowTaking {
        let chunk = JSONRowSink(make)
        chunk.file = file
        return chunk
    }

    func adopt(_ chunks: [any RowTaking]) {
        let others = chunks.compactMap { $0 as? JSONRowSink<Row> }
        rows.reserveCapacity(rows.count + others.reduce(0) { $0 + $1.rows.count })
        for other in others { rows += other.rows }
    }

    func begin(at path: JSONPath) {
        self.path = path
    }
}
