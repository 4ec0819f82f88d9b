import AzureExport
import Foundation
import JSONCore
import TestSupport

/// The fake `az` (Fixtures/fake-az/az, python3) serving a tenant directory, with its own state folder.
struct FakeAzure {
    static let script = TestPaths.fixtures.appendingPathComponent("fake-az/az").path
    /// python3 runs the fake; tests skip without it.
    static let available =
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")

    let work: URL
    var environment: [String: String]

    /// A fresh work folder; `source` is the tenant directory the fake serves.
    init(source: URL, pageSize: Int = 1000, restPage: Int = 50, fail: String = "") throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("fake-az-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        environment = [
            "FAKE_AZ_SOURCE": source.path, "FAKE_AZ_STATE": work.appendingPathComponent("state").path,
            "FAKE_AZ_PAGE_SIZE": "\(pageSize)", "FAKE_AZ_REST_PAGE": "\(restPage)", "FAKE_AZ_FAIL": fail,
        ]
    }

    var cli: AzureCLI { AzureCLI(executable: Self.script, environment: environment) }

    /// The arguments of every call the fake received, in order.
    func calls() throws -> [[String]] {
        let text = try String(contentsOf: work.appendingPathComponent("state/calls.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try JSONParser.parse(String(line)).arrayValue!.map { $0.stringValue! }
        }
    }

    /// An exporter through this fake that never sleeps: the delays it would have waited are recorded.
    func exporter(scope: ExportScope, observed: Bool = false, attempts: Int = 4, slept: SleepLog = SleepLog())
        -> AzureExporter
    {
        AzureExporter(
            runner: cli, scope: scope, observed: observed,
            retry: RetryPolicy(attempts: attempts, sleep: { slept.append($0) }, jitter: { 0.5 }))
    }

    func remove() {
        try? FileManager.default.removeItem(at: work)
    }
}

/// The delays a retry policy asked for.
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var delays: [Duration] = []

    func append(_ d: Duration) { lock.withLock { delays.append(d) } }
    var all: [Duration] { lock.withLock { delays } }
}

/// The rows of a tenant file (`{"data"}`, `{"value"}` or an array) parsed, for row-by-row comparison.
func rows(_ url: URL) throws -> [JSONValue] {
    let value = try JSONParser.parse([UInt8](try Data(contentsOf: url)))
    if let array = value.arrayValue { return array }
    return value.objectValue?["data"]?.arrayValue ?? value.objectValue?["value"]?.arrayValue ?? [value]
}
