import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import TestSupport
import Testing

@Suite struct ReportTests {
    static let at = DemoHistory.date("2026-11-30T12:00:00Z")

    static func write(_ backend: Backend) throws -> (html: URL, svg: URL) {
        let report = try PostureReport(store: DemoHistory.store(backend), now: at)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = folder.appendingPathComponent("index.html")
        let svg = folder.appendingPathComponent("trend.svg")
        try report.html.write(to: html, atomically: true, encoding: .utf8)
        try report.trendSVG.write(to: svg, atomically: true, encoding: .utf8)
        return (html, svg)
    }

    @Test(arguments: Backend.all)
    func theReportHoldsTheTrendTheLastWeeksDeltaTheTopRecommendationsAndExpiringExemptions(_ backend: Backend) throws {
        let report = try PostureReport(store: DemoHistory.store(backend), now: Self.at)
        let html = report.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        // Only the SVG namespace.
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count == 2)
        #expect(html.contains("<svg"))
        #expect(html.contains("Secure score <strong>48.4%</strong>"))
        // 11-23 → 11-30: the new web app's regression, the dev function app's fix, storage firewall back.
        #expect(report.delta.changes.map(\.cause).contains(.regressed))
        #expect(report.delta.changes.map(\.cause).contains(.fixed))
        #expect(html.contains("app-qa-portal-test") && html.contains("func-payments-events-dev"))
        #expect(report.increases.count == 10)
        #expect(report.increases.first?.points == 10)
        // The RG waiver of rg-payments-dev-weu expires 2026-12-10, within 30 days.
        #expect(report.expiring.map(\.name) == ["payments-dev-kv-hardening"])
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .contains { FileManager.default.isExecutableFile(atPath: $0) }

    /// The browser check: headless Chromium renders the report and the chart, and
    /// `scripts/check-render.sh` finds ink, colours and the chart's lines in the screenshots.
    /// SQLite only: it checks the rendering in a browser, not what the history holds, which the test
    /// above reads on both backends.
    @Test(.enabled(if: chromium, "Chromium is not installed (.ci/run installs it)"))
    func theReportAndTheChartRenderInHeadlessChromium() throws {
        let (html, svg) = try Self.write(.sqlite)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            TestPaths.repositoryRoot.appendingPathComponent("scripts/check-render.sh").path, html.path, svg.path,
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
