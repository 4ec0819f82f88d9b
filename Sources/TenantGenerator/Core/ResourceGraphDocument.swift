import JSONCore

/// A Resource Graph result as `az graph query` prints it — `{"count", "data": [...],
/// "skip_token", "total_records"}`, indented by two spaces — built row by row straight
/// into bytes, so a hundred thousand rows never exist as one tree.
struct ResourceGraphDocument {
    private var body: [UInt8] = []
    private var scratch: [UInt8] = []
    private let writer = JSONWriter(pretty: true)
    private(set) var count = 0

    init(capacity: Int = 0) {
        body.reserveCapacity(capacity)
    }

    /// Appends one row, indented to sit inside `"data": [`.
    mutating func append(_ row: JSONValue) {
        scratch.removeAll(keepingCapacity: true)
        writer.write(row, into: &scratch)
        if count > 0 { body.append(UInt8(ascii: ",")) }
        body.append(contentsOf: [0x0A, 0x20, 0x20, 0x20, 0x20])
        for byte in scratch {
            body.append(byte)
            if byte == 0x0A { body.append(contentsOf: [0x20, 0x20, 0x20, 0x20]) }
        }
        count += 1
    }

    /// The whole document.
    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 128)
        out.append(contentsOf: "{\n  \"count\": \(count),\n  \"data\": [".utf8)
        out.append(contentsOf: body)
        out.append(contentsOf: (count > 0 ? "\n  ],\n" : "],\n").utf8)
        out.append(contentsOf: "  \"skip_token\": null,\n  \"total_records\": \(count)\n}\n".utf8)
        return out
    }
}
