/// A plain-text table for people: columns padded to their widest cell,
/// numbers right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    func render(indent: String = "") -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        let numeric = header.indices.map { c in
            // A column is numeric when every filled cell is a number (an empty cell is no value).
            rows.contains { c < $0.count && !$0[c].isEmpty }
                && rows.allSatisfy { c < $0.count && ($0[c].isEmpty || Double($0[c].filter { $0 != "%" }) != nil) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for c in header.indices {
                let cell = c < cells.count ? cells[c] : ""
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                parts.append(numeric[c] ? pad + cell : cell + pad)
            }
            var text = indent + parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
