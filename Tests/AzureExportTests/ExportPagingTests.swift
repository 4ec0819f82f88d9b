import AzureExport
import Foundation
import JSONCore
import Logging
import PolicyModel
import TenantGenerator
import TestSupport
import Testing

/// A generated tenant of 5,300 resources, written once for the suite.
enum GeneratedSource {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-source-\(UUID().uuidString)")
        try! GeneratedTenant.generate(GeneratorOptions(resources: 5_300, subscriptions: 3)).write(to: url.path)
        return url
    }()
}

/// `posture export`'s paging, retries and failures, through the fake `az` (a python3 script run as a real process).
///
/// Rests on Microsoft Learn: "Working with large Azure resource data sets"
/// (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/work-with-data: at most 1,000
/// records a call, `--first`, skip tokens) and "Guidance for throttled requests in Azure Resource Graph"
/// (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/guidance-for-throttled-requests:
/// a per-user quota over a time window, throttled calls answered with 429).
@Suite("Export through a fake az", .enabled(if: FakeAzure.available, "python3 runs the fake az"))
struct ExportPagingTests {
    let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant")

    @Test("Resources over several pages merge row for row, at any page size", arguments: [1000, 333])
    func resourcesMergeExactly(pageSize: Int) async throws {
        let source = GeneratedSource.folder
        let fake = try FakeAzure(source: source, pageSize: pageSize)
        defer { fake.remove() }
        let target = fake.work.appendingPathComponent("tenant")
        let (report, tenant) = try await AzureExport.run(
            fake.exporter(scope: .managementGroup("root")), to: ExportDestination(target.path), nonce: "t",
            now: Date(timeIntervalSince1970: 0))
        let expected = try rows(source.appendingPathComponent("resources.json"))
        #expect(expected.count >= 5_300)
        #expect(try rows(target.appendingPathComponent("resources.json")) == expected)
        #expect(tenant.resources.count == expected.count)
        let resourceCalls = try fake.calls().filter { $0.starts(with: ["graph", "query", "-q", "resources"]) }
        #expect(resourceCalls.count == (expected.count + pageSize - 1) / pageSize)
        #expect(resourceCalls.dropFirst().allSatisfy { $0.contains("--skip-token") })
        #expect(!resourceCalls[0].contains("--skip-token"))
        #expect(report.retries == 0)
    }

    @Test("A throttled second page is retried after a backoff", arguments: ["429", "ratelimiting"])
    func throttledPageRetried(kind: String) async throws {
        let fake = try FakeAzure(source: demo, pageSize: 20, fail: "\(kind)@2/-q resources")
        defer { fake.remove() }
        let slept = SleepLog()
        let target = fake.work.appendingPathComponent("tenant")
        let log = LogRecorder()
        var exporter = fake.exporter(scope: .managementGroup("contoso"), slept: slept)
        exporter.logger = log.logger
        let (report, _) = try await AzureExport.run(
            exporter, to: ExportDestination(target.path), nonce: "t", now: Date(timeIntervalSince1970: 0))
        #expect(report.retries == 1)
        #expect(slept.all.count == 1)
        // The retry is logged once, naming the call and the backoff; the file's rows and pages once it is whole.
        let retries = log.entries("throttled; retrying", level: .notice)
        #expect(retries.count == 1)
        #expect(retries.first?.value("call")?.contains("resources") == true)
        #expect(retries.first?.value("after") == "\(try #require(slept.all.first))")
        let exported = log.entries("exported", level: .info).filter { $0.value("file")?.contains("resources") == true }
        #expect(exported.count == 1)
        #expect(exported.first?.value("rows") == "65")
        #expect(exported.first?.value("pages") == "4")
        let pages = try fake.calls().filter { $0.starts(with: ["graph", "query", "-q", "resources"]) }
        // 65 resources in pages of 20: four pages, the second asked twice.
        #expect(pages.count == 5)
        #expect(pages[1] == pages[2])
        #expect(
            try rows(target.appendingPathComponent("resources.json"))
                == rows(demo.appendingPathComponent("resources.json")))
    }

    @Test("Throttled past the retries: exit 75, naming the call")
    func throttledPastRetries() async throws {
        let fake = try FakeAzure(
            source: demo, pageSize: 20, fail: "429@1/-q resources,429@2/-q resources,429@3/-q resources")
        defer { fake.remove() }
        let slept = SleepLog()
        let target = fake.work.appendingPathComponent("tenant")
        let error = await #expect(throws: AzureExportError.self) {
            try await AzureExport.run(
                fake.exporter(scope: .managementGroup("contoso"), attempts: 3, slept: slept),
                to: ExportDestination(target.path), nonce: "t", now: Date(timeIntervalSince1970: 0))
        }
        #expect(error?.code == .throttled)
        #expect(error?.exitCode == 75)
        #expect(error?.call.contains("graph query -q resources") == true)
        #expect(error?.message.contains("Too Many Requests") == true)
        #expect(slept.all.count == 2)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test("A failure mid-way leaves the previous export in place and exits 69 with az's message")
    func failureKeepsPreviousExport() async throws {
        let good = try FakeAzure(source: demo, pageSize: 20)
        defer { good.remove() }
        let target = good.work.appendingPathComponent("tenant")
        let destination = ExportDestination(target.path)
        _ = try await AzureExport.run(
            good.exporter(scope: .managementGroup("contoso")), to: destination, nonce: "a",
            now: Date(timeIntervalSince1970: 0))
        let before = try Data(contentsOf: target.appendingPathComponent("resources.json"))

        var failing = try FakeAzure(source: GeneratedSource.folder, pageSize: 20, fail: "error@3/-q resources")
        failing.environment["FAKE_AZ_STATE"] = good.work.appendingPathComponent("state2").path
        let error = await #expect(throws: AzureExportError.self) {
            try await AzureExport.run(
                failing.exporter(scope: .managementGroup("contoso")), to: destination, nonce: "b",
                now: Date(timeIntervalSince1970: 0))
        }
        #expect(error?.code == .unavailable)
        #expect(error?.exitCode == 69)
        #expect(error?.call.contains("--skip-token") == true)
        #expect(error?.message.contains("AuthorizationFailed") == true)
        #expect(try Data(contentsOf: target.appendingPathComponent("resources.json")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: good.work.path).filter {
            $0.contains("export-")
        }
        #expect(leftovers.isEmpty)
    }

    @Test("Paging that ends short of total_records is refused as truncated")
    func truncatedRefused() async throws {
        let fake = try FakeAzure(source: demo, fail: "truncate@1/-q resourcecontainers")
        defer { fake.remove() }
        let error = await #expect(throws: AzureExportError.self) {
            try await AzureExport.run(
                fake.exporter(scope: .managementGroup("contoso")),
                to: ExportDestination(fake.work.appendingPathComponent("tenant").path), nonce: "t",
                now: Date(timeIntervalSince1970: 0))
        }
        #expect(error?.code == .truncated)
        #expect(error?.message.contains("truncated: 15 rows over 1 pages, total_records says 22") == true)
    }

    @Test("Output that is not JSON names the call")
    func garbageRefused() async throws {
        let fake = try FakeAzure(source: demo, fail: "garbage@1/provider list")
        defer { fake.remove() }
        let error = await #expect(throws: AzureExportError.self) {
            try await AzureExport.run(
                fake.exporter(scope: .managementGroup("contoso")),
                to: ExportDestination(fake.work.appendingPathComponent("tenant").path), nonce: "t",
                now: Date(timeIntervalSince1970: 0))
        }
        #expect(error?.code == .unavailable)
        #expect(error?.call == "az provider list --expand resourceTypes/aliases -o json")
        #expect(error?.message.contains("not JSON") == true)
    }

    @Test("az rest pages are followed through nextLink")
    func restFollowsNextLink() async throws {
        let fake = try FakeAzure(source: demo, restPage: 4)
        defer { fake.remove() }
        let target = fake.work.appendingPathComponent("tenant")
        _ = try await AzureExport.run(
            fake.exporter(scope: .managementGroup("contoso")), to: ExportDestination(target.path), nonce: "t",
            now: Date(timeIntervalSince1970: 0))
        let source = try rows(demo.appendingPathComponent("recommendations.json"))
        #expect(source.count == 27)
        #expect(try rows(target.appendingPathComponent("recommendations.json")) == source)
        let metadataCalls = try fake.calls().filter {
            $0.first == "rest" && $0.contains { $0.contains("assessmentMetadata") }
        }
        #expect(metadataCalls.count == 7)
        #expect(metadataCalls.dropFirst().allSatisfy { $0.contains { $0.contains("$skipToken=") } })
        #expect(
            try rows(target.appendingPathComponent("controls.json"))
                == rows(demo.appendingPathComponent("controls.json")))
    }
}
