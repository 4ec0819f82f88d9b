import Foundation
import JSONCore
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// An inventory big enough to be parsed on several threads loads exactly as on one thread,
/// and a malformed row in its second half is reported at the same file, path, line and column.
@Suite struct LargeInventoryTests {
    /// A copy of the demo tenant whose `resources.json` repeats every row `copies` times under new
    /// ids, larger than `JSONParser.parallelThreshold`; `edit` may change the file's text.
    static func largeTenant(copies: Int = 30, edit: (inout String) -> Void = { _ in }) throws -> URL {
        let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("posture-large-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: demo, to: copy)
        let document = try JSONParser.parse(Array(try Data(contentsOf: demo.appendingPathComponent("resources.json"))))
        let rows = try #require(document["data"]?.arrayValue)
        var repeated: [JSONValue] = []
        for n in 0..<copies {
            for row in rows {
                guard case .object(var object) = row, let id = object["id"]?.stringValue,
                    let name = object["name"]?.stringValue
                else { continue }
                object["id"] = .string(id + "-\(n)")
                object["name"] = .string(name + "-\(n)")
                repeated.append(.object(object))
            }
        }
        var text = JSONWriter(pretty: true).string(["count": .number(Double(repeated.count)), "data": .array(repeated)])
        edit(&text)
        #expect(text.utf8.count > JSONParser.parallelThreshold)
        try Data(text.utf8).write(to: copy.appendingPathComponent("resources.json"))
        return copy
    }

    static func load(_ url: URL, threads: Int) -> Result<Tenant, InputError> {
        Result { () throws(InputError) in try TenantDirectory(url: url).load(threads: threads) }
    }

    @Test func twoThreadsLoadTheSameResourcesInTheSameOrder() throws {
        let url = try Self.largeTenant()
        defer { try? FileManager.default.removeItem(at: url) }
        let one = try Self.load(url, threads: 1).get()
        let two = try Self.load(url, threads: 2).get()
        #expect(one.resources.count == 65 * 30)
        #expect(two.resources == one.resources)
        #expect(two.resources.last?.name.hasSuffix("-29") == true)
    }

    @Test func loadedResourcesKeepTheirRowsCompactAndReadThemBackExactly() throws {
        let url = try Self.largeTenant()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try Self.load(url, threads: 2).get()
        let document = try JSONParser.parse(Array(try Data(contentsOf: url.appendingPathComponent("resources.json"))))
        let rows = try #require(document["data"]?.arrayValue)
        #expect(tenant.resources.count == rows.count)
        #expect(tenant.resources.allSatisfy { $0.compact != nil })
        #expect(tenant.resources.map(\.json) == rows)
        #expect(tenant.resources.map(\.expanded.json) == rows)
        #expect(tenant.resources.map { $0.compact?.digest } == rows.map(JSONDigest.of))
    }

    @Test func anEnvelopeSpelledWithCapitalsLoadsEveryRow() throws {
        // Azure reads member names ignoring case: `Data` is the envelope's `data`.
        let url = try Self.largeTenant { text in
            if let range = text.range(of: "\"data\": [") { text.replaceSubrange(range, with: "\"Data\": [") }
        }
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.load(url, threads: 2).get().resources.count == 65 * 30)
        #expect(try Self.load(url, threads: 1).get().resources.count == 65 * 30)
    }

    @Test func aMalformedRowInTheSecondHalfIsReportedWhereItIs() throws {
        let url = try Self.largeTenant { text in
            // Drop the colon after the last `"name"` of the file, which lies in the last row.
            if let range = text.range(of: "\"name\": ", options: .backwards) {
                text.replaceSubrange(range, with: "\"name\" ")
            }
        }
        defer { try? FileManager.default.removeItem(at: url) }
        guard case .failure(let one) = Self.load(url, threads: 1), case .failure(let two) = Self.load(url, threads: 2)
        else {
            Issue.record("the malformed inventory should not load")
            return
        }
        #expect(two.diagnostics == one.diagnostics)
        let line = try #require(two.diagnostics.first?.description)
        #expect(line.hasPrefix("resources.json:$.data[\(65 * 30 - 1)]"))
        #expect(line.contains(": malformed JSON: expected ':' after member name \"name\" (line "))
    }
}
