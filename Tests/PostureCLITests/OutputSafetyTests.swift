import Foundation
import TestSupport
import Testing

@testable import PostureCLI

/// Output is never lost silently and never destroys what is there (issue 15 item 13), and the
/// formats `--help` lists all work (item 9).
@Suite struct OutputSafetyTests {
    @Test(arguments: [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+cmd", "'+cmd"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-1.5", "-1.5"), ("+3", "+3"), ("-2e-3", "-2e-3"),
        ("plain", "plain"), ("", ""), ("-", "'-"), ("-1.", "'-1."), ("- 1", "'- 1"),
    ])
    func csvNeutralisesFormulasButKeepsNumbers(_ field: String, _ expected: String) {
        #expect(CSVWriter.neutralised(field) == expected)
    }

    @Test func csvQuotesANeutralisedCellThatNeedsIt() {
        var csv = CSVWriter(["name", "points"])
        csv.append(["=1+1,\"x\"", "-0.5"])
        #expect(csv.text == "name,points\n\"'=1+1,\"\"x\"\"\",-0.5")
    }

    @Test func aFailedWriteToAStreamIsAnIOError() throws {
        let stream = try #require(fopen("/dev/full", "w"))
        defer { fclose(stream) }
        fputs(String(repeating: "x", count: 100_000), stream)
        #expect {
            try StandardOutput.finish(stream)
        } throws: { error in
            (error as? CommandError)?.code == .io
        }
    }

    @Test func stdoutOnAFullDiskOrAClosedDescriptorExitsSeventyFour() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let dump = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder, stdout: full)
        #expect(dump.code == 74)
        #expect(dump.stderr.contains("cannot write to standard output"))
        let closed = try PostureProcess.run(
            ["-c", "'\(PostureProcess.binary.path)' history cycles --db h.sqlite >&-"], in: folder, shell: true)
        #expect(closed.code == 74, "\(closed.stderr)")
    }

    @Test func outputFilesReplaceOnlyRegularFiles() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("chart.svg")
        try Data("old".utf8).write(to: target)
        let link = folder.appendingPathComponent("link.svg")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "chart.svg")
        try OutputFile.write("new", to: link.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "chart.svg")
        #expect(throws: CommandError.self) { try OutputFile.write("x", to: "/dev/full") }
        #expect(throws: CommandError.self) { try OutputFile.write("x", to: folder.path) }
        #expect(throws: CommandError.self) {
            try OutputFile.write("x", to: folder.appendingPathComponent("missing/chart.svg").path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["chart.svg", "link.svg"])
    }

    @Test func jsonNumbersAreNumbersAndTheDumpPrintsISODates() throws {
        let folder = try PostureProcess.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-02T12:00:00Z", in: folder).code == 0)
        #expect(try PostureProcess.runDemo("h.sqlite", now: "2026-11-03T12:00:00Z", in: folder).code == 0)
        let cycles = try PostureProcess.run(["history", "cycles", "--db", "h.sqlite", "--format", "json"], in: folder)
            .stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(cycles.utf8)) as? [[String: Any]])
        #expect(rows.first?["seq"] as? Int == 1)
        #expect(rows.first?["results"] as? Int == 211)
        // Score cycles say what changed, like the others: the second computation of an unchanged tenant, nothing.
        let scores = rows.filter { $0["kind"] as? String == "score" }
        #expect(scores.first?["changed"] as? Int == 48)
        #expect(scores.dropFirst().first?["changed"] as? Int == 0)
        let dump = try PostureProcess.run(["history", "dump", "--db", "h.sqlite"], in: folder).stdout
        #expect(dump.contains("1|\"policy\"|2026-11-02T05:00:00Z|2026-11-02T07:00:00Z|"))
        #expect(dump.contains("\"since\"|2026-11-02T05:00:00Z"))
        #expect(!dump.contains("1793"))
        let lag = try PostureProcess.run(
            ["lag", "--monte-carlo", "5", "--schedule", PostureProcess.schedule, "--seed", "7", "--format", "json"],
            in: folder)
        #expect(lag.stdout.contains("\"seed\": 7"), "\(lag.stderr)")
    }

    @Test(arguments: ["evaluate", "check", "lag"])
    func commandsWithoutCSVDoNotListIt(_ command: String) throws {
        let help = try PostureProcess.run([command, "--help"], in: TestPaths.repositoryRoot).stdout
        let format = try #require(help.components(separatedBy: "--format <format>").last)
        #expect(format.contains("values: table, json"))
        #expect(!format.prefix(200).contains("csv"))
    }
}
