import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import TestSupport
import Testing

/// The review's Markdown through a real Markdown library, and the report's review section in a real browser.
@Suite struct ReviewRenderTests {
    /// Python-Markdown (`pip install markdown`, as .ci/run does).
    static let markdownLibrary = (try? Python.run(["-c", "import markdown; print('ok')"])) == "ok"

    static func temporary(_ name: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }

    /// Python-Markdown with its `tables` extension turns every section into a heading and a real
    /// table whose cells hold the review's values (a broken row would come out as a paragraph).
    /// SQLite only: it checks the Markdown's shape, not what the history holds, which MonthlyReviewTests
    /// reads on both backends.
    @Test(.enabled(if: markdownLibrary, "python3 -m pip install markdown (.ci/run installs it)"))
    func theMarkdownRendersAsHeadingsAndTablesWithARealMarkdownLibrary() throws {
        let review = try MonthlyReviewTests.review(.sqlite)
        let file = try Self.temporary("review.md")
        try review.markdown.write(to: file, atomically: true, encoding: .utf8)
        let script = """
            import html.parser, json, sys, markdown
            text = markdown.markdown(open(sys.argv[1], encoding="utf-8").read(), extensions=["tables"])
            class P(html.parser.HTMLParser):
                def __init__(self):
                    super().__init__(); self.tables = []; self.cell = None; self.h2 = 0; self.stray = 0; self.depth = 0
                def handle_starttag(self, tag, attrs):
                    if tag == "table": self.tables.append([]); self.depth += 1
                    if tag == "tr" and self.depth: self.tables[-1].append([])
                    if tag in ("td", "th"): self.cell = ""
                    if tag == "h2": self.h2 += 1
                def handle_endtag(self, tag):
                    if tag in ("td", "th"): self.tables[-1][-1].append(self.cell.strip()); self.cell = None
                    if tag == "table": self.depth -= 1
                def handle_data(self, data):
                    if self.cell is not None: self.cell += data
                    elif not self.depth and "|" in data: self.stray += 1
            p = P(); p.feed(text)
            print(json.dumps({"h2": p.h2, "stray": p.stray, "tables": p.tables}))
            """
        let output = try Python.run(["-c", script, file.path])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let tables = try #require(result?["tables"] as? [[[String]]], "\(output)")
        #expect(result?["h2"] as? Int == 6)
        #expect(result?["stray"] as? Int == 0, "no table row left as text")
        #expect(tables.count == 6)
        #expect(tables.allSatisfy { t in t.allSatisfy { $0.count == t[0].count } }, "every row has the header's cells")
        let goals = try #require(tables.first { $0.first?.first == "goal" })
        #expect(goals.dropFirst().map { $0[0] } == review.goals.map(\.goal.goal.name))
        #expect(goals.dropFirst().map { $0[3] } == review.goals.map(\.status.rawValue))
        let teams = try #require(tables.first { $0.first?.first == "team" })
        #expect(teams.count == review.teams.count + 1)
    }

    @Test func markdownCellsEscapeWhatWouldBreakATable() {
        let lines = MonthlyReview.mdTable(["a", "b"], [["x | y", "*z* <b>"]], right: [1])
        #expect(lines[2] == "| x \\| y | \\*z\\* \\<b\\> |")
    }

    /// The report with goals gains the review section, its team charts SVG without script, and
    /// headless Chromium renders it (scripts/check-render.sh).
    @Test(arguments: Backend.all) func theReportGainsTheReviewSectionWhenGoalsArePresent(_ backend: Backend) throws {
        let report = try PostureReport(
            store: DemoHistory.store(backend), now: MonthlyReviewTests.at(backend), goals: MonthlyReviewTests.goals)
        let html = report.html
        #expect(html.contains("<h2>Monthly review 2026-11</h2>"))
        #expect(
            html.components(separatedBy: "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"team\"").count - 1
                == report.review?.teams.count)
        #expect(!html.contains("<script"))
        let plain = try PostureReport(store: DemoHistory.store(backend), now: MonthlyReviewTests.at(backend))
        #expect(!plain.html.contains("Monthly review"))
    }

    /// SQLite only: it checks the rendering in a browser, not what the history holds.
    @Test(.enabled(if: ReportTests.chromium, "Chromium is not installed (.ci/run installs it)"))
    func theReportWithTheReviewRendersInHeadlessChromium() throws {
        let backend = Backend.sqlite
        let report = try PostureReport(
            store: DemoHistory.store(backend), now: MonthlyReviewTests.at(backend), goals: MonthlyReviewTests.goals)
        let file = try Self.temporary("index.html")
        try report.html.write(to: file, atomically: true, encoding: .utf8)
        let page = try Self.temporary("review.html")
        try MonthlyReviewTests.review(backend).htmlPage.write(to: page, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            TestPaths.repositoryRoot.appendingPathComponent("scripts/check-render.sh").path, file.path, page.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.components(separatedBy: "ok: ").count == 3, "\(text)")
    }
}
