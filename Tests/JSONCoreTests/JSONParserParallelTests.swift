import Foundation
import Testing

@testable import JSONCore

/// `JSONParser.parse(_:threads:)` must give exactly what the one-thread parser gives: the value,
/// or the same error at the same path, line and column.
@Suite struct JSONParserParallelTests {
    typealias Outcome = Result<(value: JSONValue, split: Bool), JSONParseError>

    /// Parses `text` on one thread and on `threads` threads (split even though it is small).
    private func both(_ text: String, threads: Int) -> (Result<JSONValue, JSONParseError>, Outcome) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            (
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer) },
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer, threads: threads, minimumBytes: 0) }
            )
        }
    }

    /// Rows like Resource Graph's, pretty-printed like `az graph query` output; in an envelope
    /// `{"count": n, "data": [...]}` or as a bare array.
    private func rows(_ count: Int, envelope: Bool = true, name: (Int) -> String = { "vm-\($0)" }) -> String {
        let rows = (0..<count).map { i in
            """
                {
                  "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/\(name(i))",
                  "tags": {"n": \(i)}, "zones": [1, 2]
                }
            """
        }
        let array = "[\n" + rows.joined(separator: ",\n") + "\n]"
        return envelope ? "{\n  \"count\": \(count),\n  \"data\": \(array),\n  \"skip_token\": null\n}\n" : array + "\n"
    }

    @Test(arguments: [(2, true), (3, true), (7, true), (2, false), (5, false)])
    func aSplitArrayGivesTheSameValueInOrder(threads: Int, envelope: Bool) throws {
        let (one, many) = both(rows(50, envelope: envelope), threads: threads)
        let value = try one.get()
        let parsed = try many.get()
        #expect(parsed.split)
        #expect(parsed.value == value)
        #expect((envelope ? value["data"] : value)?.arrayValue?.count == 50)
    }

    @Test func splitPointsInsideStringsAreDetected() throws {
        // Compact rows separated by `},{`, with names full of `},{`: the candidate split points
        // fall inside strings.
        let rows = (0..<40).map { i in #"{"name":"x\"},{\"id\":\#(i)},{","n":\#(i)}"# }
        let (one, many) = both("[" + rows.joined(separator: ",") + "]", threads: 4)
        let parsed = try many.get()
        #expect(!parsed.split)
        #expect(parsed.value == (try one.get()))
    }

    @Test(arguments: [2, 3])
    func errorsInALaterChunkAreTheOneThreadErrors(threads: Int) {
        var text = rows(60)
        let broken = text.range(of: "\"n\": 45")!
        text.replaceSubrange(broken, with: "\"n\": 45,,")
        let (one, many) = both(text, threads: threads)
        guard case .failure(let expected) = one, case .failure(let error) = many else {
            Issue.record("both parses should fail")
            return
        }
        #expect(error == expected)
        #expect(error.path.description == "$.data[45].tags")
    }

    @Test(arguments: [
        "[1, 2, 3] x", "[{\"a\": 1}, {\"b\": 2}", "{\"data\": [{}, {}]}", "[]", "[{}, {} ,]", "{\"a\": [{}, {}]} {}",
        "{\"a\": [{}, {}], \"b\": [[{}, {}]]}", "[[{}, {}], {}]", "{\"a\": {\"b\": [{}, {}]}}",
    ])
    func unusualDocumentsMatchTheOneThreadParser(text: String) {
        for threads in [2, 3] {
            let (one, many) = both(text, threads: threads)
            switch (one, many) {
            case (.success(let a), .success(let b)): #expect(a == b.value)
            case (.failure(let a), .failure(let b)): #expect(a == b)
            default: Issue.record("the two parsers disagree on \(text)")
            }
        }
    }

    @Test func deepNestingInALaterChunkIsTheOneThreadError() throws {
        // A row nested past the default limit, in the second half: the other thread stops at the
        // limit, and this thread reports it where the one-thread parser does.
        var text = rows(200)
        let deep = String(repeating: "{\"a\": ", count: 2_000) + "1" + String(repeating: "}", count: 2_000)
        text.replaceSubrange(text.range(of: "\"n\": 190")!, with: "\"n\": " + deep)
        let split = try #require(Array(text.utf8).withUnsafeBufferPointer { ArraySplit($0, chunks: 2) })
        #expect(split.starts[0] < text.utf8.count / 2 + 200)  // row 190 lies in the other thread's chunk
        let (one, many) = both(text, threads: 2)
        guard case .failure(let expected) = one, case .failure(let error) = many else {
            Issue.record("both parses should fail")
            return
        }
        #expect(error == expected)
        #expect(error.message.contains("nesting deeper than 512 levels"))
    }

    @Test func nestingLimitIsTheOneThreadLimit() {
        // The deepest element sits in the second half; at maxDepth 3 it is one level too deep.
        let text = "{\"data\": [{\"a\": 1}, {\"a\": 1}, {\"a\": 1}, {\"a\": {\"b\": 1}}]}"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            let one = Result { () throws(JSONParseError) in try JSONParser.parse(buffer, maxDepth: 3) }
            let many = Result { () throws(JSONParseError) in
                try JSONParser.parse(buffer, threads: 2, minimumBytes: 0, maxDepth: 3)
            }
            guard case .failure(let expected) = one, case .failure(let error) = many else {
                Issue.record("both parses should fail")
                return
            }
            #expect(error == expected)
        }
    }

    /// A file mapped privately and parsed with its pages given back as the parse passes them (a page
    /// at a time here) gives the one-thread parser's value, and its error when broken: a page touched
    /// again is read back from the file.
    @Test(arguments: [1, 2, 3])
    func releasingTheParsedPagesOfAMappedFileChangesNothing(threads: Int) throws {
        var broken = rows(3000)
        broken.replaceSubrange(broken.range(of: "\"n\": 2900")!, with: "\"n\": 2900,,")
        for text in [rows(3000), broken] {
            let bytes = Array(text.utf8)
            let expected = Result { () throws(JSONParseError) in try JSONParser.parse(bytes) }
            let name = "pages-\(UUID().uuidString).json"
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let descriptor = open(path, O_RDONLY)
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            let mapped = try #require(mmap(nil, bytes.count, PROT_READ, MAP_PRIVATE, descriptor, 0))
            try #require(mapped != MAP_FAILED)
            defer { munmap(mapped, bytes.count) }
            let parsed = Result { () throws(JSONParseError) in
                try JSONParser.parse(
                    UnsafeRawBufferPointer(start: mapped, count: bytes.count), threads: threads, minimumBytes: 0,
                    releasingParsedPages: true, releaseStep: 4096
                ).value
            }
            switch (expected, parsed) {
            case (.success(let a), .success(let b)): #expect(a == b)
            case (.failure(let a), .failure(let b)): #expect(a == b)
            default: Issue.record("the parses disagree")
            }
        }
        #expect(broken.utf8.count > 4096 * 16)
    }
}
