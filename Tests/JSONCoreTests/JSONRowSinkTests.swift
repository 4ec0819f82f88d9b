import Foundation
import Testing

@testable import JSONCore

/// `JSONParser.parse(_:threads:rows:)` hands the rows to the sink, in order, and leaves an empty
/// array in their place; whatever it does not take, and every error, is the plain parse's.
@Suite struct JSONRowSinkTests {
    /// Rows pretty-printed like `az graph query` output, in an envelope or as a bare array.
    private func rows(_ count: Int, envelope: String? = "data") -> String {
        let rows = (0..<count).map { i in
            """
                {
                  "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-\(i)",
                  "tags": {"n": \(i)}, "zones": [1, 2]
                }
            """
        }
        let array = "[\n" + rows.joined(separator: ",\n") + "\n]"
        guard let envelope else { return array + "\n" }
        return "{\n  \"count\": \(count),\n  \"\(envelope)\": \(array),\n  \"skip_token\": null\n}\n"
    }

    /// The plain parse, and the parse with a sink on `threads` threads (split even though it is small).
    private func both(_ text: String, threads: Int) -> (
        plain: Result<JSONValue, JSONParseError>, sunk: Result<JSONValue, JSONParseError>, sink: JSONRowSink<JSONValue>
    ) {
        let sink = JSONRowSink<JSONValue> { row, _ in row }
        let bytes = Array(text.utf8)
        let (plain, sunk) = bytes.withUnsafeBytes { buffer in
            (
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer) },
                Result { () throws(JSONParseError) in
                    try JSONParser.parse(buffer, threads: threads, minimumBytes: 0, rows: sink).value
                }
            )
        }
        return (plain, sunk, sink)
    }

    @Test(arguments: [(1, "data"), (2, "data"), (3, "value"), (2, nil), (4, nil)] as [(Int, String?)])
    func theSinkTakesEveryRowInOrder(threads: Int, envelope: String?) throws {
        let (plain, sunk, sink) = both(rows(40, envelope: envelope), threads: threads)
        let value = try plain.get()
        let expected = try #require((envelope.map { value[$0] } ?? value)?.arrayValue)
        #expect(sink.rows == expected)
        #expect(sink.path == (envelope.map { JSONPath.root + $0 } ?? .root))
        var rest = try sunk.get()
        if let envelope {
            #expect(rest[envelope] == .array([]))
            rest = .object(JSONObject(rest.objectValue!.members.filter { $0.key != envelope }))
            #expect(rest == .object(JSONObject(value.objectValue!.members.filter { $0.key != envelope })))
        } else {
            #expect(rest == .array([]))
        }
    }

    /// With a file, each row comes with where it is in that file: read again from there, it is the row.
    @Test(arguments: [1, 2, 3, 4])
    func aStoredRowReadsBackFromItsPlaceInTheFile(threads: Int) throws {
        let text = rows(40)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try #require(RowFile(path: url.path, name: "rows.json"))
        let sink = JSONRowSink<StoredRow?> { _, stored in stored }
        sink.file = file
        let plain = try JSONParser.parse(text)
        _ = try Array(text.utf8).withUnsafeBytes { buffer in
            try JSONParser.parse(buffer, threads: threads, minimumBytes: 0, rows: sink)
        }
        let stored = sink.rows.compactMap { $0 }
        let expected = try #require(plain["data"]?.arrayValue)
        #expect(stored.count == expected.count)
        #expect(stored.map(\.value) == expected)
        #expect(stored.map(\.digest) == expected.map(JSONDigest.of))
        #expect(!file.changed)
    }

    @Test(arguments: [
        // One row whose member is an array of objects: the document is the row, nothing is taken.
        #"{"id": "/subscriptions/s", "items": [{"a": 1}, {"a": 2}]}"#,
        // The array of objects is not the envelope's `data` or `value`.
        #"{"count": 2, "rows": [{"a": 1}, {"a": 2}]}"#,
        // An escaped quote before `data"`: the name is `x\"data`, not `data`.
        #"{"x\"data": [{"a": 1}, {"a": 2}]}"#,
    ])
    func documentsWithoutRowsAreLeftWhole(text: String) throws {
        let (plain, sunk, sink) = both(text, threads: 2)
        #expect(try sunk.get() == plain.get())
        #expect(sink.rows.isEmpty)
        #expect(sink.path == nil)
    }

    @Test(arguments: [1, 2, 3])
    func errorsAreThePlainParseErrors(threads: Int) {
        var text = rows(60)
        let broken = text.range(of: "\"n\": 45")!
        text.replaceSubrange(broken, with: "\"n\": 45,")
        let (plain, sunk, _) = both(text, threads: threads)
        guard case .failure(let expected) = plain, case .failure(let error) = sunk else {
            Issue.record("both parses must fail")
            return
        }
        #expect(error.description == expected.description)
        #expect(error.path == expected.path)
    }

    @Test func compactTextReadsBackAsTheSameValue() throws {
        let value = try JSONParser.parse(
            #"{"a": [1, 2.5, -3, 1e300, 9007199254740993, "\u0001\"\\", true, null], "b": {"c": {}}}"#)
        let compact = try #require(CompactJSON(value))
        #expect(compact.value == value)
        #expect(compact.digest == JSONDigest.of(value))
        #expect(String(decoding: compact.bytes, as: UTF8.self) == JSONWriter(pretty: false).string(value))
    }

    @Test func negativeZeroIsNotKeptCompact() throws {
        // `-0` prints as `0`, which reads back with another sign: such a row stays parsed.
        #expect(CompactJSON(try JSONParser.parse(#"{"a": [-0]}"#)) == nil)
        #expect(CompactJSON(try JSONParser.parse(#"{"a": [0]}"#)) != nil)
    }
}
