import ArgumentParser
import Foundation
import Logging
import TestSupport
import Testing

@testable import PostureCLI

/// Issue 15's input-side items, through the commands: 5 (orphaned exemptions, no half-written
/// simulation), 10 (generated scenarios run where written), 12 (nothing runs away), 15 (inline
/// parameters), 16 (private files). Serialized: one test changes the process's umask.
@Suite(.serialized) struct InputHardeningTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant").path
    static let schedule = TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path

    static func scenario(events: String) -> String {
        """
        {"tenant": "\(demo)", "schedule": "\(schedule)", "start": "2026-11-01T00:00:00Z", "end": "2026-11-03T00:00:00Z",
         "events": [\(events)]}
        """
    }

    static let deleteAssignment = #"""
        {"at": "2026-11-01T09:00:00Z", "delete": "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/providers/Microsoft.Authorization/policyAssignments/contoso-ciss-2025"}
        """#

    /// Item 5: deleting an assignment that has an exemption plays on; the exemption stays, orphaned.
    @Test func simulateDeletingAnExemptedAssignmentPlaysOn() throws {
        let folder = try FuzzFolder()
        let file = folder.url.appendingPathComponent("scenario.json")
        try Data(Self.scenario(events: Self.deleteAssignment).utf8).write(to: file)
        let db = folder.url.appendingPathComponent("h.sqlite").path
        var simulate = try Posture.parseAsRoot(["simulate", file.path, "--db", db])
        try simulate.run()
        let exemptions = try InputFuzzTests.run(["exemptions", "--db", db, "--orphaned", "--format", "json"])
        #expect(exemptions.outcome == .accepted)
    }

    /// Item 5: a simulation refused half-way leaves no database, journal or lock file behind.
    @Test func aFailedSimulationLeavesNoFile() throws {
        let folder = try FuzzFolder()
        let file = folder.url.appendingPathComponent("scenario.json")
        let bad = #"""
            {"at": "2026-11-02T10:00:00Z", "put": {"id": "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/providers/Microsoft.Authorization/policyAssignments/x", "type": "Microsoft.Authorization/policyAssignments", "properties": {"policyDefinitionId": "/nope"}}}
            """#
        try Data(Self.scenario(events: bad).utf8).write(to: file)
        let db = folder.url.appendingPathComponent("h.sqlite").path
        let result = try InputFuzzTests.run(["simulate", file.path, "--db", db])
        #expect(result.outcome == .refused)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.contains("sqlite") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// Item 10: a generated scenario plays from wherever it was written, and generating again into the
    /// folder without --days removes the stale scenario.
    @Test func generatedScenarioRunsWhereWrittenAndRegenerationReplacesIt() throws {
        let folder = try FuzzFolder()
        let out = folder.url.appendingPathComponent("deep/er/gen").path
        var generate = try Posture.parseAsRoot(
            [
                "generate", "--resources", "200", "--subscriptions", "2", "--days", "2", "--schedule", Self.schedule,
                "--out", out,
            ])
        try generate.run()
        let db = folder.url.appendingPathComponent("h.sqlite").path
        var simulate = try Posture.parseAsRoot(["simulate", out + "/scenario.json", "--db", db])
        try simulate.run()
        var again = try Posture.parseAsRoot(["generate", "--resources", "200", "--subscriptions", "2", "--out", out])
        try again.run()
        #expect(!FileManager.default.fileExists(atPath: out + "/scenario.json"))
        #expect(!FileManager.default.fileExists(atPath: out + "/schedule.yaml"))
        #expect(FileManager.default.fileExists(atPath: out + "/resources.json"))
    }

    /// Item 12: a catch-up of more than a year needs --catch-up; absurd generator sizes are refused.
    @Test func runawayRequestsAreRefused() throws {
        let folder = try FuzzFolder()
        let db = folder.url.appendingPathComponent("h.sqlite").path
        var run = try Posture.parseAsRoot([
            "run", "--db", db, "--tenant", Self.demo, "--schedule", Self.schedule, "--now", "2026-11-02T12:00:00Z",
            "--since", "0001-01-01T00:00:00Z", "--quiet",
        ])
        #expect(throws: ValidationError.self) { try run.run() }
        // Refused before anything was recorded: no database, journal or lock is left behind.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix("h.sqlite") }
                == [])
        for (arguments, message) in [
            (["--resources", "9223372036854775807", "--subscriptions", "1"], "--resources must be at most 10000000"),
            (["--resources", "100", "--subscriptions", "100000"], "--subscriptions must be at most 10000"),
            (
                ["--resources", "1000000", "--subscriptions", "1", "--days", "3000", "--churn", "1"],
                "--days × --churn × --resources is more than 10000000 events"
            ),
        ] {
            let error = #expect(throws: (any Error).self) {
                _ = try Posture.parseAsRoot(["generate"] + arguments + ["--out", folder.url.path])
            }
            #expect(error.map { Posture.exitCode(for: $0) } == .validationFailure)
            #expect(error.map { Posture.message(for: $0) } == message)
        }
    }

    /// Item 15: inline --parameters that is JSON but not an object is refused as such, not read as a path.
    @Test(arguments: ["[1, 2]", "42", "\"text\"", "null", "true"])
    func inlineParametersThatAreNotAnObjectAreRefused(text: String) throws {
        let error = #expect(throws: CommandError.self) { _ = try InputFile.parameters(text) }
        #expect(error?.code == .badInput)
        #expect(error?.lines == ["--parameters:$: expected an object of parameter values"])
    }

    /// Item 16: the history, its journal and lock, and generated tenants are owner-only whatever the umask.
    @Test func tenantDataAtRestIsOwnerOnly() throws {
        let folder = try FuzzFolder()
        let previous = umask(0)
        defer { umask(previous) }
        let file = folder.url.appendingPathComponent("scenario.json")
        try Data(Self.scenario(events: Self.deleteAssignment).utf8).write(to: file)
        let db = folder.url.appendingPathComponent("h.sqlite").path
        let playback = try ScenarioPlayback(path: file.path, common: try CommonOptions.parse([]))
        let (store, _) = try playback.play(into: db, threads: 1, logger: Logger(label: "test"))
        func mode(_ path: String) -> mode_t? {
            var status = stat()
            return stat(path, &status) == 0 ? status.st_mode & 0o777 : nil
        }
        #expect(mode(db) == 0o600)
        #expect(mode(db + ".lock") == 0o600)
        #expect(mode(db + "-wal") == 0o600)
        #expect(mode(db + "-shm") == 0o600)
        let out = folder.url.appendingPathComponent("gen").path
        var generate = try Posture.parseAsRoot(["generate", "--resources", "50", "--subscriptions", "1", "--out", out])
        try generate.run()
        #expect(mode(out) == 0o700)
        #expect(mode(out + "/definitions") == 0o700)
        #expect(mode(out + "/resources.json") == 0o600)
        withExtendedLifetime(store) {}
    }
}
