import JSONCore
import Testing

@Suite struct JSONWriterTests {
    @Test func compactOutputRoundTrips() throws {
        let text = #"{"b":[1,2.5,-3,true,null],"a":{"x":"q\"\\\n\u0001"},"c":[]}"#
        let value = try JSONParser.parse(text)
        #expect(JSONWriter(pretty: false).string(value) == text)
    }

    @Test func prettyOutputIndentsTwoSpaces() {
        let value: JSONValue = ["a": [1, 2], "b": [:]]
        #expect(JSONWriter().string(value) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}")
    }

    @Test func integralNumbersPrintWithoutFraction() {
        #expect(JSONValue.number(3).description == "3")
        #expect(JSONValue.number(0.3145).description == "0.3145")
        #expect(JSONValue.number(1e300).description == "1e+300")
    }

    @Test func pathDescriptionQuotesUnusualKeys() {
        let path = JSONPath.root + "properties" + "tags" + "cost center" + 2
        #expect(path.description == "$.properties.tags['cost center'][2]")
    }
}
