import Foundation
import Orchestration
import TestSupport
import Testing

/// The README's exit-code table, each code's case run through the built `posture` (issue 15 item 4).
@Suite struct ExitCodeTests {
    @Test func aMissingDatabaseFolderIsAnIOErrorNotABusyLock() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in ["run", "scan"] {
            let result = try PostureProcess.run(
                [
                    command, "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db",
                    "/nonexistent/dir/h.sqlite",
                    "--now", "2026-11-02T12:00:00Z",
                ], in: folder)
            #expect(result.code == 74, "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("another posture run"))
        }
        let ingest = try PostureProcess.run(
            ["ingest", "states", "x.json", "--db", "/nonexistent/dir/h.sqlite"], in: folder)
        #expect(ingest.code == 74)
    }

    @Test func aFileThatIsNotAHistoryIsBadInputAndStaysUntouched() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = folder.appendingPathComponent("notes.sqlite")
        try Data("not a database\n".utf8).write(to: text)
        let empty = folder.appendingPathComponent("empty.sqlite")
        try Data().write(to: empty)
        for command in [
            ["history", "cycles"], ["score", "delta", "--from", "2026-11-02T00:00:00Z"], ["score"], ["mismatch"],
        ] {
            for file in [text, empty] {
                let before = try Data(contentsOf: file)
                let result = try PostureProcess.run(command + ["--db", file.path], in: folder)
                #expect(result.code == 2, "\(command) \(file.lastPathComponent): \(result.stderr)")
                #expect(result.stderr.contains(file.path))
                #expect(try Data(contentsOf: file) == before)
            }
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "empty.sqlite", "notes.sqlite",
            ])
    }

    @Test func missingInputsAreIOErrors() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [
            ["check", "/nonexistent"], ["validate", "/nonexistent"], ["states", "/nonexistent"],
            ["history", "cycles", "--db", "/nonexistent/h.sqlite"], ["score", "--db", "missing.sqlite"],
        ] {
            let result = try PostureProcess.run(arguments, in: folder)
            #expect(result.code == 74, "\(arguments): \(result.code) \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func anInvalidTenantIsBadInput() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PostureProcess.run(
            ["validate", TestPaths.fixtures.appendingPathComponent("invalid-tenant").path], in: folder)
        #expect(result.code == 2)
    }

    @Test func anUnwritableChartIsAnIOError() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-04T12:00:00Z", in: folder).code == 0)
        for svg in ["/nonexistent/dir/trend.svg", "/dev/full", folder.path] {
            let result = try PostureProcess.run(
                ["score", "trend", "--db", "h.sqlite", "--since", "2026-11-03T00:00:00Z", "--svg", svg], in: folder)
            #expect(result.code == 74, "\(svg): \(result.stderr)")
        }
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "/dev/full must stay a device")
    }

    @Test func onlyAHeldLockIsExitSeventyFive() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("h.sqlite").path
        let lock = try RunLock(databasePath: db, wait: .zero)
        let result = try PostureProcess.runDemo(db, now: "2026-11-02T12:00:00Z", in: folder)
        #expect(result.code == 75)
        #expect(result.stderr.contains("another posture run holds"))
        withExtendedLifetime(lock) {}
    }

    @Test(arguments: [
        ["states", PostureProcess.tenant, "--db", "h.sqlite"], ["lag", "--monte-carlo", "0", "--schedule", "x.yaml"],
        ["check", ".", "--format", "csv"], ["run"], ["score", "--bogus"],
        [
            "run", "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db", "h.sqlite",
            "--shard", "5/4",
        ],
        [
            "run", "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db", "h.sqlite",
            "--shard-wait", "10",
        ],
        [
            "run", "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db", "h.sqlite",
            "--shard", "1/2", "--shard-wait", "-1",
        ],
    ])
    func badUsageIsSixtyFour(_ arguments: [String]) throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try PostureProcess.run(arguments, in: folder)
        #expect(result.code == 64, "\(arguments): \(result.stderr)")
    }

    @Test func successIsZero() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        #expect(try PostureProcess.run(["history", "cycles", "--db", "h.sqlite"], in: folder).code == 0)
        #expect(try PostureProcess.run(["--help"], in: folder).code == 0)
    }

    /// A worker of a sharded run that waits in vain for the others stops with 75 and says which
    /// parts are missing; a worker counting the workers differently is bad usage.
    @Test func aWorkerThatWaitsInVainIsSeventyFive() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = [
            "run", "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db", "h.sqlite",
            "--now", "2026-11-02T12:00:00Z", "--since", "2026-11-01T00:00:00Z",
        ]
        let waiting = try PostureProcess.run(run + ["--shard", "1/2", "--shard-wait", "0"], in: folder)
        #expect(waiting.code == 75, "\(waiting.stderr)")
        #expect(waiting.stderr.contains("holds the part of shard 1 of 2"))
        let other = try PostureProcess.run(run + ["--shard", "2/3", "--shard-wait", "0"], in: folder)
        #expect(other.code == 64, "\(other.stderr)")
        let whole = try PostureProcess.run(run, in: folder)
        #expect(whole.code == 75, "\(whole.stderr)")
        #expect(whole.stderr.contains("must record theirs"))
        // Worker 2 completes the first policy cycle, records what follows, and its part of the next
        // one; worker 1's next run completes that and finishes the night.
        let second = try PostureProcess.run(run + ["--shard", "2/2", "--shard-wait", "0"], in: folder)
        #expect(second.code == 75, "\(second.stderr)")
        #expect(second.stderr.contains("starting at 2026-11-02T05:00:00Z holds the part of shard 2 of 2"))
        let again = try PostureProcess.run(run + ["--shard", "1/2", "--shard-wait", "0"], in: folder)
        #expect(again.code == 0, "\(again.stderr)")
        let cycles = try PostureProcess.run(["history", "cycles", "--db", "h.sqlite"], in: folder)
        #expect(cycles.stdout.components(separatedBy: "defender").count - 1 == 2)
    }
}
