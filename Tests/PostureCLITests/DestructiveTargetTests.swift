import Foundation
import GRDB
import TestSupport
import Testing

@testable import PostureCLI

/// What a command writes never destroys what was there: an export replaces only an earlier export, the
/// metrics file only a regular file, and a run writes only into a history (issue 15 items 13 and 14, issue 17).
@Suite struct DestructiveTargetTests {
    static let schedule = TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path

    @Test("export refuses a folder that is not an earlier export, and a file, leaving both as they were")
    func exportReplacesOnlyAnEarlierExport() async throws {
        let work = try FakeAzFolder()
        defer { work.remove() }
        try FileManager.default.createDirectory(atPath: work.path("notes"), withIntermediateDirectories: true)
        try "precious".write(toFile: work.path("notes/keep.txt"), atomically: true, encoding: .utf8)
        try "precious".write(toFile: work.path("file.txt"), atomically: true, encoding: .utf8)
        for out in ["notes", "file.txt"] {
            let code = await exitCode {
                try await posture([
                    "export", "--out", work.path(out), "--management-group", "contoso", "--az", work.az, "--quiet",
                ])
            }
            #expect(code == 74, "\(out)")
        }
        #expect(try String(contentsOfFile: work.path("notes/keep.txt"), encoding: .utf8) == "precious")
        #expect(try String(contentsOfFile: work.path("file.txt"), encoding: .utf8) == "precious")
        // An export, then another over it: the marker lets the second replace the first.
        for _ in 0..<2 {
            try await posture([
                "export", "--out", work.path("tenant"), "--management-group", "contoso", "--az", work.az, "--quiet",
            ])
        }
        #expect(FileManager.default.fileExists(atPath: work.path("tenant/.posture-export")))
    }

    @Test("--metrics refuses a named pipe instead of replacing it with a file")
    func metricsReplaceOnlyARegularFile() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("m.prom").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try PostureProcess.run(
            [
                "run", "--db", "h.sqlite", "--tenant", PostureProcess.tenant, "--schedule", Self.schedule,
                "--now", "2026-11-02T12:00:00Z", "--quiet", "--metrics", fifo,
            ], in: folder)
        #expect(result.code == 74, "\(result.stderr)")
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("run refuses another program's SQLite database and leaves it as it was")
    func runWritesOnlyIntoAHistory() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("customers.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try PostureProcess.run(
            [
                "run", "--db", path, "--tenant", PostureProcess.tenant, "--schedule", Self.schedule,
                "--now", "2026-11-02T12:00:00Z", "--quiet",
            ], in: folder)
        #expect(result.code == 2, "\(result.stderr)")
        #expect(result.stderr.contains("not a history"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("review of a month that ended before the history starts says so (exit 2)")
    func reviewAnswersOnlyFromRecordedHistory() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-03T12:00:00Z", in: folder).code == 0)
        let result = try PostureProcess.run(["review", "--db", "h.sqlite", "--month", "2026-09"], in: folder)
        #expect(result.code == 2)
        #expect(result.stderr.contains("history starts at"))
    }
}
