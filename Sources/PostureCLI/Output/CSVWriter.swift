import Foundation

/// RFC 4180 CSV: a header row, then one row per record; fields quoted when they need it. Every CSV
/// the tool prints goes through it, so every cell is safe to open in a spreadsheet: a text cell
/// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
/// CSV injection rule), while a number, negative or not, stays a number.
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
            let cell = neutralised(field)
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    /// The cell a spreadsheet shows as text: `field` itself unless it would start a formula.
    static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(field) else {
            return field
        }
        return "'" + field
    }

    /// A plain decimal number: an optional sign, digits, an optional fraction and exponent.
    static func isNumber(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        func digits() -> Bool {
            let start = scalars.startIndex
            while let c = scalars.first, ("0"..."9").contains(c) { scalars.removeFirst() }
            return scalars.startIndex != start
        }
        if let c = scalars.first, c == "-" || c == "+" { scalars.removeFirst() }
        guard digits() else { return false }
        if scalars.first == "." {
            scalars.removeFirst()
            guard digits() else { return false }
        }
        if let c = scalars.first, c == "e" || c == "E" {
            scalars.removeFirst()
            if let c = scalars.first, c == "-" || c == "+" { scalars.removeFirst() }
            guard digits() else { return false }
        }
        return scalars.isEmpty
    }
}
