/// Why a document is not valid JSON, and where: byte offset, line and column,
/// and the path of the value being read when the parser stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var path: JSONPath
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(message: String, path: JSONPath, offset: Int, line: Int, column: Int) {
        self.message = message
        self.path = path
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String {
        "\(message) (line \(line), column \(column))"
    }
}
