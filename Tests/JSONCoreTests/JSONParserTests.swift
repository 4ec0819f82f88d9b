import JSONCore
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryValueKind() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5, 3e2, true, false, null, "x"], "b": {}}"#)
        #expect(value["a"] == [1, -2.5, 300, true, false, .null, "x"])
        #expect(value["b"] == .object(JSONObject()))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#"["a\"b\\c\/d\n\t", "\u00e9\u20ac", "\ud83d\ude00", "\ud800"]"#)
        #expect(value == ["a\"b\\c/d\n\t", "é€", "😀", "\u{FFFD}"])
    }

    @Test func skipsByteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
    }

    @Test func memberLookupIgnoresCaseAfterExactMatch() throws {
        // Built, not parsed: the parser refuses names that repeat ignoring case.
        let value = JSONValue.object(["httpsOnly": true, "HTTPSONLY": false, "Name": "x"])
        #expect(value["httpsOnly"] == true)
        #expect(value["HTTPSONLY"] == false)
        #expect(value["name"] == "x")
    }

    /// Issue 15: a repeated member name made the first one win silently (`"data": []` then the rows).
    @Test(arguments: [
        (#"{"data": [], "data": [1]}"#, "$.data"),
        (#"{"a": {"id": 1, "Id": 2}}"#, "$.a.Id"),
        (#"[{"x": 1}, {"y": 1, "y": 2}]"#, "$[1].y"),
        ("{" + (0..<40).map { "\"k\($0)\": 0" }.joined(separator: ", ") + #", "K7": 1}"#, "$.K7"),
    ])
    func duplicateMemberNamesAreRefusedAtTheirPath(text: String, path: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.message.hasPrefix("duplicate member name") && error.path.description == path
        }
    }

    @Test func distinctMemberNamesOfLargeObjectsAreAccepted() throws {
        let text = "{" + (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + "}"
        #expect(try JSONParser.parse(text)["k99"] == 99)
    }

    @Test(arguments: [
        ("", "empty document"),
        ("[1,", "unexpected end of input"),
        ("{\"a\" 1}", "expected ':'"),
        ("[01]", "leading zero"),
        ("[1] x", "after the end"),
        ("\"a\u{01}\"", "control character"),
        ("[tru]", "invalid literal"),
        ("{\"a\":\"\\x\"}", "invalid escape"),
    ])
    func rejectsMalformedInput(text: String, message: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func errorNamesThePathLineAndColumn() {
        let text = "{\n  \"properties\": {\n    \"rules\": [1, 2, {\"x\": tru}]\n  }\n}"
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.path.description == "$.properties.rules[2].x")
            #expect(error.line == 3)
            #expect(error.column == 27)
        }
    }

    @Test func nestingTenThousandDeepIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("nesting deeper than \(JSONParser.defaultMaxDepth)"))
        }
    }

    @Test func stringLongerThanAnAzureRequestIsAnError() {
        let text = "{\"name\": \"" + String(repeating: "a", count: 10 * 1_048_576) + "\"}"
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.path.description == "$.name")
            #expect(error.message.contains("longer than the 4 MiB"))
        }
    }
}
