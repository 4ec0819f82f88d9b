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
        let value = try JSONParser.parse(#"{"httpsOnly": true, "HTTPSONLY": false, "Name": "x"}"#)
        #expect(value["httpsOnly"] == true)
        #expect(value["HTTPSONLY"] == false)
        #expect(value["name"] == "x")
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
