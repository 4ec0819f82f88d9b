import Foundation
import Orchestration
import TestSupport
import Testing

/// Runs, ingests and queries against a real history through the built `posture` (issue 15 items 3, 6, 7, 14).
@Suite struct HistoryCommandTests {
    /// The states `posture states --db` prints, re-stamped at `timestamp`: what `az policy state list` exports.
    static func exportStates(_ db: String, stampedAt timestamp: String, in folder: URL) throws -> String {
        let states = try PostureProcess.run(["states", "--db", db, "--format", "json"], in: folder)
        #expect(states.code == 0, "\(states.stderr)")
        let stamped = states.stdout.replacingOccurrences(
            of: #""timestamp": "[^"]*""#, with: "\"timestamp\": \"\(timestamp)\"", options: .regularExpression)
        let file = folder.appendingPathComponent("states.json")
        try Data(stamped.utf8).write(to: file)
        return file.path
    }

    /// Item 3's reproducer, with issue 18's separation: an ingest into a history `posture run` keeps is
    /// recorded as observed, leaves the modelled cycles as they were, and never wedges the runner.
    @Test func anIngestNeverWedgesTheRunner() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        let states = try Self.exportStates("h.sqlite", stampedAt: "2026-11-03T07:00:00Z", in: folder)
        let dump = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout

        let ingested = try PostureProcess.run(["ingest", "states", states, "--db", "h.sqlite"], in: folder)
        #expect(ingested.code == 0, "\(ingested.stderr)")
        let after = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout
        #expect(after.hasPrefix(dump))
        #expect(
            after.dropFirst(dump.count).hasPrefix(
                "# observed_cycles\n1|\"policy\"|2026-11-03T07:00:00Z|2026-11-03T07:00:00Z|NULL|\"ingest\"|"))
        for now in ["2026-11-03T12:00:00Z", "2026-11-10T00:00:00Z"] {
            let run = try PostureProcess.runDemo("h.sqlite", now: now, in: folder)
            #expect(run.code == 0, "\(now): \(run.stderr)")
        }
        let cycles = try PostureProcess.run(["history", "cycles", "--db", "h.sqlite", "--format", "csv"], in: folder)
            .stdout
        #expect(!cycles.contains(",ingest,"))
        #expect(cycles.contains(",score,2026-11-09T18:00:00Z,"))
        let observed = try PostureProcess.run(
            ["history", "cycles", "--db", "h.sqlite", "--source", "observed", "--format", "csv"], in: folder
        ).stdout
        #expect(observed.contains("1,policy,2026-11-03T07:00:00Z,2026-11-03T07:00:00Z,,ingest,204,"))
    }

    /// An ingest into a history kept only by ingests goes on from it (the same states twice are refused,
    /// as are states visible before what it holds), and a run after it works.
    @Test func aRunAfterIngestsOnlyStartsAfterThem() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("source.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        let states = try Self.exportStates("source.sqlite", stampedAt: "2026-11-03T07:00:00Z", in: folder)
        #expect(try PostureProcess.run(["ingest", "states", states, "--db", "h.sqlite"], in: folder).code == 0)
        let early = try PostureProcess.run(
            ["ingest", "states", states, "--db", "h.sqlite", "--visible-at", "2026-11-03T08:00:00Z"], in: folder)
        #expect(early.code == 2, "\(early.stderr)")
        #expect(early.stderr.contains("is already recorded"))
        let earlier = try Self.exportStates("source.sqlite", stampedAt: "2026-11-02T07:00:00Z", in: folder)
        let backwards = try PostureProcess.run(["ingest", "states", earlier, "--db", "h.sqlite"], in: folder)
        #expect(backwards.code == 2, "\(backwards.stderr)")
        #expect(backwards.stderr.contains("cycles are recorded in visibility order"))
        let run = try PostureProcess.runDemo("h.sqlite", now: "2026-11-03T12:00:00Z", in: folder)
        #expect(run.code == 0, "\(run.stderr)")
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-05T12:00:00Z", in: folder).code == 0)
    }

    /// Item 7: the clock only goes forward, for `run` whether or not the tenant changed, and for `scan`.
    @Test func runAndScanBeforeTheHistoryAreRefused() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-04T12:00:00Z", in: folder).code == 0)
        let dump = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout
        // The tenant with one exemption fewer: a change that a run before the history must not record either.
        let changed = folder.appendingPathComponent("changed-tenant")
        try FileManager.default.copyItem(atPath: PostureProcess.tenant, toPath: changed.path)
        try FileManager.default.removeItem(
            at: changed.appendingPathComponent("exemptions/waiver-expired-2026-10-01.json"))
        for now in ["2026-11-03T12:00:00Z", "2026-11-04T11:59:59Z"] {
            for tenant in [PostureProcess.tenant, changed.path] {
                let run = try PostureProcess.run(
                    [
                        "run", "--tenant", tenant, "--schedule", PostureProcess.schedule, "--db", "h.sqlite", "--now",
                        now,
                    ], in: folder)
                #expect(run.code == 2, "\(now): \(run.stderr)")
                #expect(run.stderr.contains("the history already holds 2026-11-04T12:00:00Z; \(now) is before it"))
            }
            let scan = try PostureProcess.run(
                [
                    "scan", "--tenant", PostureProcess.tenant, "--schedule", PostureProcess.schedule, "--db",
                    "h.sqlite", "--now", now,
                ],
                in: folder)
            #expect(scan.code == 2, "\(scan.stderr)")
        }
        #expect(try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout == dump)
        // The same instant again is running twice, which is running once.
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-04T12:00:00Z", in: folder).code == 0)
    }

    /// Item 6: queries answer only from recorded history, and ranges run forward.
    @Test func queriesBeforeTheHistoryOrBackwardsAreRefused() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-04T12:00:00Z", in: folder).code == 0)
        let before = "2026-11-01T00:00:00Z"
        for arguments in [
            ["score", "--at", before], ["assessments", "--at", before], ["states", "--at", before],
            ["compliance", "--at", before],
            ["mismatch", "--at", before], ["exemptions", "--at", before], ["report", "--at", before, "--out", "r"],
            ["score", "delta", "--from", before],
        ] {
            let result = try PostureProcess.run(arguments + ["--db", "h.sqlite"], in: folder)
            #expect(result.code == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("history starts at 2026-11-02T07:00:00Z"), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let delta = try PostureProcess.run(
            ["score", "delta", "--db", "h.sqlite", "--from", "2026-11-04T00:00:00Z", "--to", "2026-11-03T00:00:00Z"],
            in: folder)
        #expect(delta.code == 64)
        let trend = try PostureProcess.run(
            [
                "score", "trend", "--db", "h.sqlite", "--since", "2026-11-04T00:00:00Z", "--until",
                "2026-11-03T00:00:00Z",
            ], in: folder)
        #expect(trend.code == 64)
        #expect(
            try PostureProcess.run(["score", "--db", "h.sqlite", "--at", "2026-11-03T00:00:00Z"], in: folder).code == 0)
    }

    /// Item 14: a history nobody may write is queried without a byte written beside it.
    @Test func aReadOnlyHistoryIsQueriedWithoutWriting() throws {
        let folder = try PostureProcess.scratch()
        let archive = folder.appendingPathComponent("archive")
        defer {
            chmod(archive.path, 0o755)
            try? FileManager.default.removeItem(at: folder)
        }
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        #expect(try PostureProcess.runDemo("archive/h.sqlite", now: "2026-11-04T12:00:00Z", in: folder).code == 0)
        try FileManager.default.removeItem(at: archive.appendingPathComponent("h.sqlite.lock"))
        let db = archive.appendingPathComponent("h.sqlite")
        let bytes = try Data(contentsOf: db)
        // A writable history, a read-only file (an archive), a read-only folder (a mounted backup).
        for (fileMode, folderMode) in [(0o644, 0o755), (0o444, 0o755), (0o644, 0o555)] as [(mode_t, mode_t)] {
            #expect(chmod(db.path, fileMode) == 0 && chmod(archive.path, folderMode) == 0)
            for arguments in [
                ["history", "cycles"], ["score"], ["score", "delta", "--from", "2026-11-04T08:00:00Z"],
                ["history", "dump"],
            ] {
                let result = try PostureProcess.run(arguments + ["--db", db.path], in: folder)
                #expect(result.code == 0, "\(arguments): \(result.stderr)")
                #expect(!result.stderr.contains("readonly"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: archive.path) == ["h.sqlite"])
            #expect(try Data(contentsOf: db) == bytes)
        }
        chmod(archive.path, 0o755)
    }

    /// Item 14: the lock sits on the resolved path, so a symbolic link to the history shares it;
    /// a lock file that cannot be created is an I/O error.
    @Test func theLockFollowsSymbolicLinksAndFailsAsIO() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("link.sqlite").path, withDestinationPath: "h.sqlite")
        let lock = try RunLock(databasePath: folder.appendingPathComponent("h.sqlite").path, wait: .zero)
        let result = try PostureProcess.runDemo("link.sqlite", now: "2026-11-03T12:00:00Z", in: folder)
        #expect(result.code == 75, "\(result.stderr)")
        withExtendedLifetime(lock) {}

        let long = String(repeating: "x", count: 252) + ".sqlite"
        let tooLong = try PostureProcess.runDemo(long, now: "2026-11-02T12:00:00Z", in: folder)
        #expect(tooLong.code == 74, "\(tooLong.stderr)")
        #expect(tooLong.stderr.contains("cannot create the run lock"))
    }
}
