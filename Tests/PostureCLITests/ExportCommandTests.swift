import ArgumentParser
import Foundation
import Orchestration
import TestSupport
import Testing

@testable import PostureCLI

/// A work folder with a wrapper around the fake `az` (Fixtures/fake-az/az) that points it at a source tenant,
/// so `--az` alone configures it (tests run in parallel and cannot share environment variables).
struct FakeAzFolder {
    let url: URL
    let az: String

    init(source: URL = TestPaths.fixtures.appendingPathComponent("demo-tenant"), pageSize: Int = 20, fail: String = "")
        throws
    {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cli-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        az = url.appendingPathComponent("az").path
        let script = """
            #!/bin/sh
            export FAKE_AZ_SOURCE='\(source.path)' FAKE_AZ_STATE='\(url.appendingPathComponent("state").path)'
            export FAKE_AZ_PAGE_SIZE=\(pageSize) FAKE_AZ_REST_PAGE=5 FAKE_AZ_FAIL='\(fail)'
            exec python3 '\(TestPaths.fixtures.appendingPathComponent("fake-az/az").path)' "$@"
            """
        try script.write(toFile: az, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: az)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs a `posture` command line as the executable would.
func posture(_ arguments: [String]) async throws {
    var command = try Posture.parseAsRoot(arguments)
    if var asynchronous = command as? any AsyncParsableCommand {
        try await asynchronous.run()
    } else {
        try command.run()
    }
}

/// `promtool check metrics` on a file: nil when promtool is not installed, else its exit status and output.
func promtool(_ file: String) throws -> (status: Int32, output: String)? {
    guard
        let tool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first(where: FileManager.default.isExecutableFile)
    else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["check", "metrics"]
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

let fakeAzRuns =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")

@Suite("posture export, run --metrics and nightly", .enabled(if: fakeAzRuns, "python3 runs the fake az"))
struct ExportCommandTests {
    /// The instant the nightly runs take: a fixed one, so that whether a cycle is visible yet never
    /// depends on the hour the tests run at (between a policy cycle's start and its results, a run
    /// on a fresh history records none, and the report has nothing to show).
    static let now = "2026-12-01T12:00:00Z"

    let schedule = TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path

    @Test("An export validates, `posture run` records it, and its metrics pass promtool")
    func exportThenRun() async throws {
        let work = try FakeAzFolder()
        defer { work.remove() }
        try await posture([
            "export", "--out", work.path("tenant"), "--management-group", "contoso", "--az", work.az, "--quiet",
        ])
        try await posture(["validate", work.path("tenant")])
        try await posture([
            "run", "--db", work.path("h.sqlite"), "--tenant", work.path("tenant"), "--schedule", schedule,
            "--now", "2026-12-03T23:30:00Z", "--since", "2026-12-01T00:00:00Z", "--metrics", work.path("posture.prom"),
            "--quiet",
        ])
        let text = try String(contentsOfFile: work.path("posture.prom"), encoding: .utf8)
        for subscription in ["6f785871-4461-4118-8534-25ff2c2061fb", "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"] {
            #expect(text.contains("posture_secure_score_current{subscription_id=\"\(subscription)\""))
        }
        #expect(text.contains("posture_control_score_max{"))
        #expect(text.contains("posture_unhealthy_assessments{severity=\"High\"}"))
        #expect(text.contains("posture_exemptions_expiring{within_days=\"30\"}"))
        #expect(text.contains("posture_last_run_success 1"))
        #expect(text.contains("posture_last_success_timestamp_seconds "))
        #expect(text.contains("posture_run_duration_seconds "))
        let cycles = text.split(separator: "\n").first { $0.hasPrefix("posture_cycles_executed ") }
        #expect(cycles.flatMap { Double($0.split(separator: " ")[1]) } == 15)
        // promtool ships in Debian's `prometheus` package; .ci/run installs it.
        if let check = try promtool(work.path("posture.prom")) {
            #expect(check.status == 0, "\(check.output)")
        }
    }

    @Test("export needs exactly one scope (usage error, exit 64)")
    func exportNeedsAScope() {
        for arguments in [
            ["export", "--out", "x"], ["export", "--out", "x", "--management-group", "m", "--subscription", "s"],
        ] {
            let error = #expect(throws: (any Error).self) { _ = try Posture.parseAsRoot(arguments) }
            #expect(error.map { Posture.exitCode(for: $0) } == ExitCode(64))
            #expect(
                error.map { Posture.message(for: $0) } == "give either --management-group or one or more --subscription"
            )
        }
    }

    @Test("nightly: export, run, report and metrics in one command")
    func nightlyRunsEverything() async throws {
        let work = try FakeAzFolder()
        defer { work.remove() }
        try nightlyConfig(work, extra: "retention:\n  exports: 2\n")
        try await posture(["nightly", "--config", work.path("nightly.yaml"), "--now", Self.now, "--quiet"])
        try await posture(["nightly", "--config", work.path("nightly.yaml"), "--now", Self.now, "--quiet"])
        #expect(FileManager.default.fileExists(atPath: work.path("report/index.html")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path("tenant.exports")).count == 1)
        let text = try String(contentsOfFile: work.path("posture.prom"), encoding: .utf8)
        #expect(text.contains("posture_export_duration_seconds "))
        #expect(text.contains("posture_run_duration_seconds "))
        #expect(text.contains("posture_last_run_success 1"))
        if let check = try promtool(work.path("posture.prom")) {
            #expect(check.status == 0, "\(check.output)")
        }
    }

    @Test("nightly: the first night of a month writes the month that ended's review into the report folder, once")
    func nightlyWritesLastMonthsReview() async throws {
        let work = try FakeAzFolder()
        defer { work.remove() }
        let goals = TestPaths.fixtures.appendingPathComponent("demo-tenant/goals.yaml").path
        try nightlyConfig(work, extra: "goals: \(goals)\n")
        // November recorded by earlier runs, then the night of December 1st.
        try await posture([
            "run", "--db", work.path("h.sqlite"), "--tenant",
            TestPaths.fixtures.appendingPathComponent("demo-tenant").path,
            "--schedule", schedule, "--now", "2026-11-20T12:00:00Z", "--since", "2026-11-01T00:00:00Z", "--quiet",
        ])
        try await posture([
            "nightly", "--config", work.path("nightly.yaml"), "--now", "2026-12-01T12:00:00Z", "--quiet",
        ])
        let written = try FileManager.default.contentsOfDirectory(atPath: work.path("report")).filter {
            $0.hasPrefix("review-")
        }
        #expect(written.sorted() == ["review-2026-11.html", "review-2026-11.json", "review-2026-11.md"])
        let json = try String(contentsOfFile: work.path("report/review-2026-11.json"), encoding: .utf8)
        #expect(json.contains("\"month\": \"2026-11\""))
        #expect(json.contains("\"name\": \"prod-55\""))
        // The next night does not write it again.
        try FileManager.default.removeItem(atPath: work.path("report/review-2026-11.json"))
        try await posture([
            "nightly", "--config", work.path("nightly.yaml"), "--now", "2026-12-02T12:00:00Z", "--quiet",
        ])
        #expect(!FileManager.default.fileExists(atPath: work.path("report/review-2026-11.json")))
    }

    @Test(
        "nightly: a tenant whose assigned policies cannot all be evaluated is refused (exit 2) unless the config allows it"
    )
    func nightlyRefusesAPartialEvaluation() async throws {
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("nightly-src-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("demo-tenant"), to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        let aliases = source.appendingPathComponent("aliases.csv")
        let kept = try String(contentsOf: aliases, encoding: .utf8).split(separator: "\n")
            .filter { !$0.contains("supportsHttpsTrafficOnly") }.joined(separator: "\n")
        try kept.write(to: aliases, atomically: true, encoding: .utf8)
        let work = try FakeAzFolder(source: source)
        defer { work.remove() }
        try nightlyConfig(work)
        #expect(
            await exitCode {
                try await posture(["nightly", "--config", work.path("nightly.yaml"), "--now", Self.now, "--quiet"])
            } == 2)
        #expect(!FileManager.default.fileExists(atPath: work.path("report/index.html")))
        try nightlyConfig(work, extra: "allowUnevaluated: true\n")
        try await posture(["nightly", "--config", work.path("nightly.yaml"), "--now", Self.now, "--quiet"])
        #expect(FileManager.default.fileExists(atPath: work.path("report/index.html")))
    }

    @Test("nightly: az failing exits 69, keeps the export, and the metrics say so with the last success kept")
    func nightlyFailure() async throws {
        let good = try FakeAzFolder()
        defer { good.remove() }
        try nightlyConfig(good)
        try await posture(["nightly", "--config", good.path("nightly.yaml"), "--now", Self.now, "--quiet"])
        let before = try String(contentsOfFile: good.path("posture.prom"), encoding: .utf8)
        let success = before.split(separator: "\n").first { $0.hasPrefix("posture_last_success_timestamp_seconds ") }

        let failing = try FakeAzFolder(fail: "error@2/-q resources")
        try FileManager.default.removeItem(atPath: good.az)
        try FileManager.default.copyItem(atPath: failing.az, toPath: good.az)
        defer { failing.remove() }
        #expect(
            await exitCode {
                try await posture(["nightly", "--config", good.path("nightly.yaml"), "--now", Self.now, "--quiet"])
            } == 69)
        let after = try String(contentsOfFile: good.path("posture.prom"), encoding: .utf8)
        #expect(after.contains("posture_last_run_success 0"))
        #expect(success != nil)
        #expect(after.contains(String(success ?? "missing")))
        try await posture(["validate", good.path("tenant")])
    }

    @Test("nightly: a config with an unknown or missing setting exits 2 naming it")
    func nightlyConfigErrors() async throws {
        let work = try FakeAzFolder()
        defer { work.remove() }
        try nightlyConfig(work, extra: "retension:\n  exports: 3\n")
        #expect(await exitCode { try await posture(["nightly", "--config", work.path("nightly.yaml")]) } == 2)
        try "db: h.sqlite\n".write(toFile: work.path("nightly.yaml"), atomically: true, encoding: .utf8)
        #expect(await exitCode { try await posture(["nightly", "--config", work.path("nightly.yaml")]) } == 2)
        #expect(await exitCode { try await posture(["nightly", "--config", work.path("missing.yaml")]) } == 74)
    }

    private func nightlyConfig(_ work: FakeAzFolder, extra: String = "") throws {
        let yaml = """
            scope:
              managementGroup: contoso
            az: \(work.az)
            directories:
              tenant: tenant
              report: report
            db: h.sqlite
            schedule: \(schedule)
            metrics: posture.prom
            wait: 0

            """ + extra
        try yaml.write(toFile: work.path("nightly.yaml"), atomically: true, encoding: .utf8)
    }
}

@Suite("posture nightly and the run lock", .enabled(if: fakeAzRuns, "python3 runs the fake az"))
struct NightlyLockTests {
    @Test("Another run holding the history: exit 75 before anything is exported, and the metrics say so")
    func lockHeld() async throws {
        let work = try FakeAzFolder()
        defer { work.remove() }
        let yaml = """
            scope: {managementGroup: contoso}
            az: \(work.az)
            directories: {tenant: tenant}
            db: h.sqlite
            schedule: \(TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path)
            metrics: posture.prom
            """
        try yaml.write(toFile: work.path("nightly.yaml"), atomically: true, encoding: .utf8)
        let lock = try RunLock(databasePath: work.path("h.sqlite"), wait: .zero)
        #expect(
            await exitCode {
                try await posture(["nightly", "--config", work.path("nightly.yaml"), "--quiet"])
            } == 75)
        withExtendedLifetime(lock) {}
        #expect(!FileManager.default.fileExists(atPath: work.path("tenant")))
        #expect(
            try String(contentsOfFile: work.path("posture.prom"), encoding: .utf8).contains(
                "posture_last_run_success 0"))
    }
}

/// The exit code a command ends with: 0, or the code of the `CommandError` it threw (nil for any other error).
func exitCode(_ body: () async throws -> Void) async -> Int32? {
    do {
        try await body()
        return 0
    } catch let error as CommandError {
        return error.code.rawValue
    } catch {
        return nil
    }
}
