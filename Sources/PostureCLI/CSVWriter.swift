import Foundation

/// RFC 4180 CSV: a header row, then one row per record; fields quoted when they need it.
struct CSVWriter {
    var header: [String]
    private(set) var lines: [String] = []

    init(_ header: [String]) {
        self.header = header
        lines.append(Self.line(header))
    }

    mutating func append(_ fields: [String]) {
        lines.append(Self.line(fields))
    }

    var text: String { lines.joined(separator: "\n") }

    private static func line(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
