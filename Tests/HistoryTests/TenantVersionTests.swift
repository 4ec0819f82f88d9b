import Foundation
import HistoryTestSupport
import JSONCore
import PolicyModel
import TenantIO
import TestSupport
import Testing

@testable import History

@Suite struct TenantVersionTests {
    static func demo() throws -> TenantSnapshot {
        TenantSnapshot(try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load())
    }

    @Test(arguments: Backend.all) func anUnchangedTenantMakesNoNewVersion(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let snapshot = try Self.demo()
        let first = try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        let again = try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-02T00:00:00Z"))
        #expect(first.isNew && !again.isNew)
        #expect(again.version.version == 1)
        #expect(try db.store.tenantVersions().count == 1)
    }

    /// `tenant` recorded as loaded (`TenantRecord`) and as parsed objects (`TenantSnapshot`), each into a
    /// fresh history, and the versions both recordings made.
    static func recordedBothWays(_ tenant: Tenant, _ backend: Backend) throws -> (
        loaded: TemporaryHistory, parsed: TemporaryHistory, versions: (TenantVersion, TenantVersion)
    ) {
        let loaded = try TemporaryHistory(backend)
        let parsed = try TemporaryHistory(backend)
        let at = HistoryFixture.date("2026-11-01T00:00:00Z")
        let a = try loaded.store.recordTenant(TenantRecord(tenant), observedAt: at)
        let b = try parsed.store.recordTenant(TenantSnapshot(tenant), observedAt: at)
        return (loaded, parsed, (a.version, b.version))
    }

    @Test(arguments: Backend.all) func aLoadedTenantWithCompactRowsRecordsWhatItsParsedObjectsRecord(_ backend: Backend)
        throws
    {
        // The loader keeps resource rows compact with their digests; history must store the same
        // version digest and the same bytes as for the parsed objects.
        let tenant = try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load()
        #expect(tenant.resources.allSatisfy { $0.rowDigest != nil && $0.rowFile == nil })
        let (compact, parsed, versions) = try Self.recordedBothWays(tenant, backend)
        #expect(versions.0 == versions.1)
        #expect(try compact.store.snapshot(version: 1) == parsed.store.snapshot(version: 1))
        #expect(try compact.store.snapshot(version: 1) == TenantSnapshot(tenant))
    }

    @Test(arguments: Backend.all) func aLoadedTenantWithStoredRowsRecordsWhatItsParsedObjectsRecord(_ backend: Backend)
        throws
    {
        // A large inventory's rows stay in their file and are read again to be encoded.
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try TenantDirectory(url: url).load()
        #expect(tenant.resources.allSatisfy { $0.rowFile != nil })
        let (stored, _, versions) = try Self.recordedBothWays(tenant, backend)
        #expect(versions.0 == versions.1)
        #expect(try stored.store.snapshot(version: 1) == TenantSnapshot(tenant))
    }

    /// An inventory written in place between the load and the recording: the version is not recorded
    /// rather than recorded with rows that are not the ones loaded.
    @Test(arguments: Backend.all) func anInventoryWrittenInPlaceAfterTheLoadRecordsNoVersion(_ backend: Backend)
        throws
    {
        let url = try LargeTenant.copy()
        defer { try? FileManager.default.removeItem(at: url) }
        let tenant = try TenantDirectory(url: url).load()
        let file = url.appendingPathComponent("resources.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        try LargeTenant.writeInPlace(text.replacingOccurrences(of: "\"prod\"", with: "\"test\""), to: file)
        let db = try TemporaryHistory(backend)
        #expect(throws: InputError.self) {
            try db.store.recordTenant(TenantRecord(tenant), observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        }
        #expect(try db.store.tenantVersions().isEmpty)
    }

    @Test(arguments: Backend.all) func versionsStoreOnlyWhatChangedAndRebuildExactly(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        var snapshot = try Self.demo()
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        let key = try #require(
            snapshot.objects.keys.first { $0.kind == .resource && $0.id.hasSuffix("app-payments-portal-prod") })
        var changed = try #require(snapshot.objects[key]?.objectValue)
        var properties = try #require(changed["properties"]?.objectValue)
        properties["httpsOnly"] = true
        changed["properties"] = .object(properties)
        let original = snapshot
        snapshot.objects[key] = .object(changed)
        let removed = try #require(snapshot.objects.keys.first { $0.kind == .exemption })
        snapshot.objects[removed] = nil
        let second = try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-02T00:00:00Z"))
        #expect(second.isNew && second.version.version == 2)
        #expect(try db.store.snapshot(version: 1) == original)
        #expect(try db.store.snapshot(version: 2) == snapshot)
        #expect(try db.store.tenantVersion(at: HistoryFixture.date("2026-11-01T12:00:00Z"))?.version == 1)
        #expect(
            try db.store.tenantVersion(at: HistoryFixture.date("2026-10-01T00:00:00Z"))?.version == 1,
            "before the first version: the first")
        #expect(try db.store.tenantVersion(at: HistoryFixture.date("2026-11-03T00:00:00Z"))?.version == 2)
        _ = try db.store.snapshot(version: 2).tenant()
    }

    @Test(arguments: Backend.all) func existenceIsAskedOfEveryVersionAtOnce(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        var snapshot = try Self.demo()
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        let resources = snapshot.objects.keys.filter { $0.kind == .resource }.sorted { $0.id < $1.id }
        let (kept, deleted) = (resources[0], resources[1])
        let group = try #require(
            snapshot.objects.keys.filter {
                $0.kind == .container && $0.id.contains("/resourcegroups/") && !kept.id.hasPrefix($0.id + "/")
            }
            .min { $0.id < $1.id })
        snapshot.objects[deleted] = nil
        // A new resource whose name repeats a kept one's in another resource group: same last
        // segments, different key.
        let name = String(kept.id[kept.id.range(of: "/providers/")!.lowerBound...])
        let twin = TenantSnapshot.Key(kind: .resource, id: group.id + name)
        #expect(twin != kept)
        var twinObject = try #require(snapshot.objects[kept]?.objectValue)
        twinObject["id"] = .string(twin.id)
        snapshot.objects[twin] = .object(twinObject)
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-02T00:00:00Z"))
        let asKindless = TenantSnapshot.Key(kind: .container, id: kept.id)  // right text, wrong kind
        let never = TenantSnapshot.Key(kind: .resource, id: kept.id + "x")
        let found = try db.store.existing([kept, deleted, twin, asKindless, never, group], inVersions: [1, 2])
        #expect(found[1] == [kept, deleted, group])
        #expect(found[2] == [kept, twin, group])
        #expect(try db.store.existing([], inVersions: [1]) == [1: []])
    }

    @Test(arguments: Backend.all) func historyOnlyMovesForward(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        var snapshot = try Self.demo()
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-02T00:00:00Z"))
        snapshot.objects.removeValue(forKey: snapshot.objects.keys.first { $0.kind == .finding }!)
        #expect {
            try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        } throws: { ($0 as? HistoryError)?.code == .outOfOrder }
    }
}

@Suite struct TenantVersionDeltaTests {
    /// A tenant of `count` web apps whose JSON is large enough to fill several chunks.
    static func apps(_ count: Int, httpsOnly: (Int) -> Bool = { _ in false }) -> TenantSnapshot {
        var objects: [TenantSnapshot.Key: JSONValue] = [:]
        for i in 0..<count {
            let id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app\(i)"
            objects[TenantSnapshot.Key(kind: .resource, id: id.lowercased())] = [
                "id": .string(id), "name": .string("app\(i)"), "type": "Microsoft.Web/sites", "location": "westeurope",
                "properties": [
                    "httpsOnly": .bool(httpsOnly(i)),
                    "hostNames": .array((0..<20).map { .string("app\(i)-\($0).azurewebsites.net") }),
                ],
            ]
        }
        return TenantSnapshot(objects: objects)
    }

    @Test(arguments: Backend.all) func manyObjectsSpanChunksAndReadBackExactly(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let snapshot = Self.apps(400)
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        #expect(try db.store.snapshot(version: 1) == snapshot)
        let dump = try db.store.dump().split(separator: "\n")
        let chunks = dump.drop { $0 != "# object_chunks" }.dropFirst().prefix { !$0.hasPrefix("# ") }
        #expect(chunks.count > 1, "400 apps of about 1 KB fill more than one 64 KB chunk")
    }

    /// Packing encodes a window of objects at a time and writes a batch of chunks at a time; the chunks must
    /// be the ones the whole sorted list cuts (each filled until the next object would pass `targetBytes`).
    @Test func packingAWindowAtATimeCutsTheChunksTheWholeListWould() throws {
        let count = 3 * ObjectChunk.window + 17
        let sizes = (0..<count).map { 100 + ($0 * 7919) % 1000 }
        let items: [ObjectChunk.Item] = (0..<count).map { i in
            let order = String(repeating: "0", count: 6 - String(i).count) + String(i)
            return ObjectChunk.Item(order: order, key: TenantSnapshot.Key(kind: .resource, id: "r\(i)"))
        }
        let given = Array(items.reversed())
        /// The item's number, from its key `r<number>`.
        let number: @Sendable (ObjectChunk.Item) -> Int = { Int($0.key.id.dropFirst()) ?? -1 }
        var chunks: [ObjectChunk] = []
        try ObjectChunk.pack(
            given, encode: { item in [UInt8](repeating: UInt8(number(item) % 251), count: sizes[number(item)]) }
        ) { chunks.append($0) }
        var expected: [[Int]] = [[]]
        var size = 0
        for i in 0..<count {
            if size > 0, size + sizes[i] > ObjectChunk.targetBytes { (expected, size) = (expected + [[]], 0) }
            expected[expected.count - 1].append(i)
            size += sizes[i]
        }
        #expect(chunks.map { $0.members.map { number(given[$0.item]) } } == expected)
        #expect(chunks.count > ObjectChunk.batch)
        for chunk in chunks {
            let bytes = try Compression.decompress(chunk.blob)
            for member in chunk.members {
                let n = number(given[member.item])
                #expect(member.length == sizes[n])
                let stored = bytes[member.offset..<(member.offset + member.length)]
                #expect(stored.allSatisfy { $0 == UInt8(n % 251) })
            }
        }
    }

    @Test(arguments: Backend.all) func aVersionDerivedFromAnotherEqualsTheStoredOne(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        var versions = [Self.apps(300)]
        var next = Self.apps(300, httpsOnly: { $0 % 7 == 0 })
        next.objects = next.objects.filter { !$0.key.id.hasSuffix("app5") }
        versions.append(next)
        var third = Self.apps(320, httpsOnly: { $0 % 7 == 0 || $0 == 3 })
        third.objects = third.objects.filter { !$0.key.id.hasSuffix("app6") }
        versions.append(third)
        for (day, snapshot) in versions.enumerated() {
            try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-0\(day + 1)T00:00:00Z"))
        }
        #expect(try db.store.changes(in: 2).count == 44, "43 apps changed (every seventh), app5 removed")
        for base in 1...3 {
            for version in 1...3 {
                let derived = try db.store.snapshot(version: version, from: versions[base - 1], of: base)
                #expect(derived == versions[version - 1], "version \(version) from version \(base)")
            }
        }
    }

    @Test(arguments: Backend.all) func objectKeysAreStoredAfterTheKeysTheyExtend(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        var snapshot = Self.apps(3)
        let group = "/subscriptions/s1/resourceGroups/rg"
        snapshot.objects[TenantSnapshot.Key(kind: .container, id: group.lowercased())] = [
            "id": .string(group), "name": "rg", "type": "Microsoft.Resources/subscriptions/resourceGroups",
        ]
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        let dump = try db.store.dump().split(separator: "\n")
        let rows = dump.drop { $0 != "# objects" }.dropFirst().prefix { !$0.hasPrefix("# ") }
        #expect(rows.first == #"1|"container"|NULL|"/subscriptions/s1/resourcegroups/rg""#)
        #expect(rows.dropFirst().first == #"2|"resource"|1|"/providers/microsoft.web/sites/app0""#)
        #expect(try db.store.snapshot(version: 1) == snapshot)
    }
}

/// The chunks of a version are packed on other threads while the recording numbers and writes objects:
/// a write that fails stops the packing and reaches the caller, and nothing waits forever.
@Suite struct ChunkPipelineTests {
    /// A writer that fails at its `failAt`-th chunk.
    struct FailingWriter: TenantRowWriter {
        struct Failure: Error {}
        let failAt: Int
        var chunks = 0

        mutating func writeObjects(_ rows: [ObjectDictionary.Row]) throws {}
        mutating func writeChunk(_ blob: [UInt8]) throws -> Int64 {
            chunks += 1
            if chunks == failAt { throw Failure() }
            return Int64(chunks)
        }
        mutating func close(object: Int64, from: Int64, version: Int64) throws {}
        mutating func open(version: Int64, object: Int64, digest: Int64, chunk: Int64, offset: Int, length: Int) throws
        {}
        mutating func writeVersion(_ version: TenantVersion) throws {}
    }

    @Test(arguments: [1, 2, 40])
    func aFailedChunkWriteStopsTheRecording(failAt: Int) throws {
        // 4,000 apps of about 1 KB fill about sixty chunks, more than the pipeline packs in one batch.
        let record = TenantRecord(TenantVersionDeltaTests.apps(4_000))
        var objects = ObjectDictionary()
        var writer = FailingWriter(failAt: failAt)
        #expect(throws: FailingWriter.Failure.self) {
            try TenantRecording.record(
                record, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"), last: nil, open: [:],
                objects: &objects, writer: &writer)
        }
        #expect(writer.chunks == failAt)
    }

    @Test func everyChunkIsWrittenOnceInPackingOrder() throws {
        let record = TenantRecord(TenantVersionDeltaTests.apps(4_000))
        var objects = ObjectDictionary()
        var writer = FailingWriter(failAt: .max)
        let recorded = try TenantRecording.record(
            record, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"), last: nil, open: [:],
            objects: &objects, writer: &writer)
        #expect(recorded.isNew && recorded.version.objectCount == 4_000)
        #expect(writer.chunks > ObjectChunk.batch)
    }
}
