import Foundation
import JSONCore
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// An inventory big enough to be parsed on several threads loads exactly as on one thread,
/// and a malformed row in its second half is reported at the same file, path, line and column.
@Suite struct LargeInventoryTests {
    static func load(_ url: URL, threads: Int) -> Result<Tenant, InputError> {
        Result { () throws(InputError) in try TenantDirectory(url: url).load(threads: threads) }
    }

    @Test func twoThreadsLoadTheSameResourcesInTheSameOrder() throws {
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let one = try Self.load(url, threads: 1).get()
        let two = try Self.load(url, threads: 2).get()
        #expect(one.resources.count == 65 * 30)
        #expect(two.resources == one.resources)
        #expect(two.resources.last?.name.hasSuffix("-29") == true)
    }

    @Test(arguments: [1, 2])
    func loadedResourcesKeepTheirRowsInTheFileAndReadThemBackExactly(threads: Int) throws {
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try Self.load(url, threads: threads).get()
        let document = try JSONParser.parse(Array(try Data(contentsOf: url.appendingPathComponent("resources.json"))))
        let rows = try #require(document["data"]?.arrayValue)
        #expect(tenant.resources.count == rows.count)
        #expect(tenant.rowFiles.map(\.name) == ["resources.json"])
        #expect(tenant.resources.allSatisfy { $0.rowFile != nil })
        #expect(tenant.resources.map(\.json) == rows)
        #expect(tenant.resources.map(\.expanded.json) == rows)
        #expect(tenant.resources.map(\.rowDigest) == rows.map(JSONDigest.of))
        #expect(tenant.resources.map(\.rowText) == rows.map { JSONWriter(pretty: false).string($0).utf8.map { $0 } })
        try tenant.checkRowsUnchanged()
    }

    /// A file written in place after the load (an export writing over yesterday's while a run reads
    /// it) no longer gives the rows that were loaded: the rows read back as `null`, and the check that
    /// precedes any recording names the file.
    @Test func aRowFileWrittenInPlaceAfterTheLoadIsNoticedNotRead() throws {
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try Self.load(url, threads: 2).get()
        let file = url.appendingPathComponent("resources.json")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"westeurope\"", with: "\"northeurope\"")
        try LargeTenant.writeInPlace(text, to: file)
        let changed = try #require(tenant.resources.first { $0.location == "westeurope" })
        #expect(changed.json == .null)
        #expect(tenant.rowFiles.first?.changed == true)
        #expect(throws: InputError.self) { try tenant.checkRowsUnchanged() }
        do {
            try tenant.checkRowsUnchanged()
        } catch {
            #expect(error.description.hasPrefix("resources.json:$: changed while posture read it"))
        }
    }

    /// A file cut short after the load ends in `null` rows and the same refusal, never a fault.
    @Test func aRowFileTruncatedAfterTheLoadIsNoticedWithoutAFault() throws {
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try Self.load(url, threads: 2).get()
        let handle = try FileHandle(forWritingTo: url.appendingPathComponent("resources.json"))
        try handle.truncate(atOffset: 100)
        try handle.close()
        #expect(tenant.resources.last?.json == .null)
        #expect(tenant.resources.last?.rowText == Array("null".utf8))
        #expect(throws: InputError.self) { try tenant.checkRowsUnchanged() }
    }

    /// A file replaced by a new one (renamed over it, as `posture export` writes) leaves the loaded rows
    /// readable: the open file is the one that was loaded.
    @Test func aRowFileReplacedAfterTheLoadStillGivesTheLoadedRows() throws {
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try Self.load(url, threads: 2).get()
        let before = tenant.resources.map(\.json)
        let file = url.appendingPathComponent("resources.json")
        let replacement = url.appendingPathComponent("resources.json.new")
        try Data("[]".utf8).write(to: replacement)
        #expect(rename(replacement.path, file.path) == 0)
        #expect(tenant.resources.map(\.json) == before)
        try tenant.checkRowsUnchanged()
    }

    @Test func anEnvelopeSpelledWithCapitalsLoadsEveryRow() throws {
        // Azure reads member names ignoring case: `Data` is the envelope's `data`.
        let url = try LargeTenant.copy { text in
            if let range = text.range(of: "\"data\": [") { text.replaceSubrange(range, with: "\"Data\": [") }
        }
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Self.load(url, threads: 2).get().resources.count == 65 * 30)
        #expect(try Self.load(url, threads: 1).get().resources.count == 65 * 30)
    }

    @Test func aMalformedRowInTheSecondHalfIsReportedWhereItIs() throws {
        let url = try LargeTenant.copy { text in
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
