import Foundation
import InMemoryLogging
import Logging
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// Loading a tenant says, at debug level, when the inventory was read and what was loaded.
@Suite struct TenantLoadLogTests {
    @Test func loadingTheDemoTenantLogsItsInventoryAndItsSize() throws {
        let log = LogRecorder()
        let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant")
        let tenant = try TenantDirectory(url: demo).load(logger: log.logger)
        #expect(log.entries.map { $0.message.description } == ["read inventory", "loaded tenant"])
        #expect(log.entries.allSatisfy { $0.level == .debug && $0.value("elapsed") != nil })
        #expect(log.entries("loaded tenant").first?.value("resources") == "\(tenant.resources.count)")
        #expect(tenant.resources.count == 65)
    }
}
