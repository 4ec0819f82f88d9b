import Foundation
@testable import JSONCore
import Testing

/// `JSONParser.parse(_:threads:)` must give exactly what the one-thread parser gives: the value,
/// or the same error at the same path, line and column.
@Suite struct JSONParserParallelTests {
    /// Parses `text` on one thread and on `threads` threads (split even though it is small).
    private func both(_ text: String, threads: Int) -> (Result<JSONValue, JSONParseError>, Result<JSONValue, JSONParseError>) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            (
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer) },
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer, threads: threads, minimumBytes: 0) }
            )
        }
    }

    /// An array of Resource Graph-like rows, pretty-printed like `az graph query` output.
    private func rows(_ count: Int, name: (Int) -> String = { "vm-\($0)" }) -> String {
        let rows = (0..<count).map { i in
            """
                {
                  "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/\(name(i))",
                  "tags": {"n": \(i)}, "zones": [1, 2]
                }
            """
        }
        return "[\n" + rows.joined(separator: ",\n") + "\n]\n"
    }

    /// Each chunk's elements when `text` is split for `threads` threads (nil: not split).
    private func chunks(_ text: String, threads: Int) -> [[JSONValue]?]? {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            JSONParser.chunkStarts(buffer, chunks: threads).map {
                JSONParser.parseChunks(buffer, starts: $0, maxDepth: JSONParser.defaultMaxDepth)
            }
        }
    }

    @Test(arguments: [2, 3, 7])
    func splitArrayGivesTheSameValueInOrder(threads: Int) throws {
        let (one, many) = both(rows(50), threads: threads)
        let value = try one.get()
        #expect(try many.get() == value)
        #expect(value.arrayValue?.count == 50)
        // The split really happened: every chunk parsed and ended at the next one's start.
        let parts = try #require(chunks(rows(50), threads: threads))
        #expect(parts.count == threads)
        #expect(parts.allSatisfy { $0 != nil })
        #expect(parts.flatMap { $0 ?? [] } == value.arrayValue)
    }

    @Test func splitPointsInsideStringsAreDetected() throws {
        // Names full of `},{` put the candidate split points inside strings.
        let text = rows(40) { i in #"x\"},{\"id\": \#(i)},{"# }
        let parts = try #require(chunks(text, threads: 4))
        #expect(parts.contains { $0 == nil })
        let (one, many) = both(text, threads: 4)
        #expect(try many.get() == one.get())
    }

    @Test func errorsInALaterChunkAreTheOneThreadErrors() {
        var text = rows(60)
        let broken = text.range(of: "\"n\": 45")!
        text.replaceSubrange(broken, with: "\"n\": 45,,")
        let (one, many) = both(text, threads: 2)
        guard case .failure(let expected) = one, case .failure(let error) = many else {
            Issue.record("both parses should fail")
            return
        }
        #expect(error == expected)
        #expect(error.path.description == "$[45].tags")
    }

    @Test(arguments: ["[1, 2, 3] x", "[{\"a\": 1}, {\"b\": 2}", "{\"data\": [{}, {}]}", "[]", "[{}, {} ,]"])
    func unusualDocumentsMatchTheOneThreadParser(text: String) {
        let (one, many) = both(text, threads: 2)
        switch (one, many) {
        case (.success(let a), .success(let b)): #expect(a == b)
        case (.failure(let a), .failure(let b)): #expect(a == b)
        default: Issue.record("the two parsers disagree on \(text)")
        }
    }
}
