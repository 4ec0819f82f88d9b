import Foundation
import History
import JSONCore
import PolicyModel
import TenantIO
import TestSupport
import Testing

@Suite struct TenantVersionTests {
    static func demo() throws -> TenantSnapshot {
        TenantSnapshot(try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load())
    }

    @Test func anUnchangedTenantMakesNoNewVersion() throws {
        let db = try TemporaryDatabase()
        let snapshot = try Self.demo()
        let first = try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        let again = try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-02T00:00:00Z"))
        #expect(first.isNew && !again.isNew)
        #expect(again.version.version == 1)
        #expect(try db.store.tenantVersions().count == 1)
    }

    @Test func versionsStoreOnlyWhatChangedAndRebuildExactly() throws {
        let db = try TemporaryDatabase()
        var snapshot = try Self.demo()
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        let key = try #require(snapshot.objects.keys.first { $0.kind == .resource && $0.id.hasSuffix("app-payments-portal-prod") })
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
        #expect(try db.store.tenantVersion(at: HistoryFixture.date("2026-10-01T00:00:00Z"))?.version == 1, "before the first version: the first")
        #expect(try db.store.tenantVersion(at: HistoryFixture.date("2026-11-03T00:00:00Z"))?.version == 2)
        _ = try db.store.snapshot(version: 2).tenant()
    }

    @Test func historyOnlyMovesForward() throws {
        let db = try TemporaryDatabase()
        var snapshot = try Self.demo()
        try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-02T00:00:00Z"))
        snapshot.objects.removeValue(forKey: snapshot.objects.keys.first { $0.kind == .finding }!)
        #expect(throws: HistoryError.self) {
            try db.store.recordTenant(snapshot, observedAt: HistoryFixture.date("2026-11-01T00:00:00Z"))
        }
    }
}
