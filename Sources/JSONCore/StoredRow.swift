/// A row of a large document held as where it is in its file (`RowFile`) and its digest, parsed
/// again whenever it is read.
public struct StoredRow: Sendable {
    /// The file the row is in.
    public let file: RowFile
    private let offset: Int
    private let length: Int
    /// The digest of the row as parsed when the document was loaded (`JSONDigest.of`).
    public let digest: Int64

    /// The row `value`, parsed from `range` of `file`.
    public init(_ value: JSONValue, file: RowFile, range: Range<Int>) {
        self.file = file
        offset = range.lowerBound
        length = range.count
        digest = JSONDigest.of(value)
    }

    /// The row, read and parsed again. A row that no longer reads back as it was loaded (the file
    /// changed or shrank meanwhile) is `null`, and its file is marked `changed`.
    public var value: JSONValue {
        guard let bytes = file.read(offset: offset, count: length), let value = try? JSONParser.parse(bytes),
            JSONDigest.of(value) == digest
        else {
            file.markChanged()
            return .null
        }
        return value
    }

    /// The row's compact text (`JSONWriter(pretty: false)`): what history stores for it.
    public var text: [UInt8] { JSONWriter(pretty: false).bytes(value) }
}
