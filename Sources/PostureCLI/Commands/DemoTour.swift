import Foundation
import History
import HistoryQueries
import JSONCore
import PolicyModel
import Simulation

/// What `posture demo` prints after playing its scenario: the tenant in a line, the month's
/// events, the score trend, last week's delta and why, when each change showed, where the files
/// are, and the commands to try next.
struct DemoTour {
    let playback: ScenarioPlayback
    let store: any HistoryReading
    let report: Simulator.Report
    let scenarioPath: String
    let folder: URL
    let elapsed: Duration

    private var end: Date { playback.scenario.end }
    private var db: String { store.location }

    /// How the "Next" lines call the tool: the executable as this process was started when that
    /// names a path (`swift run` builds it under `.build/`), else `posture` from PATH.
    var command: String = DemoTour.invokedCommand

    static var invokedCommand: String {
        let invoked = CommandLine.arguments.first ?? "posture"
        guard invoked.contains("/"), (invoked as NSString).lastPathComponent == "posture" else { return "posture" }
        return URL(fileURLWithPath: invoked).standardizedFileURL.path
    }

    func render() throws -> String {
        let scenario = playback.scenario
        let tenant = playback.tenant
        let cycles = report.cycles
        let kinds = Dictionary(grouping: cycles, by: \.kind).mapValues(\.count)
        let days = Int((end.timeIntervalSince(scenario.start) / 86_400).rounded())
        var out = [
            "PostureSync demo: \(scenarioPath)",
            "",
            "The tenant (\(scenario.tenantPath)): "
                + tenant.summaryCounts.filter { $0.count > 0 }.prefix(8).map(\.text).joined(separator: ", "),
            "The \(Plural.count(days, "day")) \(TrendChart.day(scenario.start)) → \(TrendChart.day(end)) on \(URL(fileURLWithPath: scenario.schedulePath).lastPathComponent): "
                + "\(Plural.count(scenario.events.count, "event")) played through the real cycles: "
                + "\(Plural.count(cycles.count, "cycle")) "
                + "("
                + Cycle.Kind.allCases.compactMap { kind in kinds[kind].map { "\($0) \(kind.rawValue)" } }.joined(
                    separator: ", ") + "), "
                + "\(Plural.count(report.versions, "tenant version")), in \(Self.seconds(elapsed))",
            "",
        ]
        var events = TextTable(["#", "at", "event"])
        for event in scenario.events {
            events.append([String(event.index), ISO8601.format(event.at), Self.describe(event.change)])
        }
        out.append(events.render(indent: "  "))

        let weekly = try store.scoreTrend(from: scenario.start + 12 * 3600, to: end, every: .week, by: .subscription)
        let total = try store.scoreTrend(from: scenario.start + 12 * 3600, to: end, every: .week, by: .total)
        var combined = weekly
        combined.series.insert(contentsOf: total.series, at: 0)
        out += [
            "", "Secure score, weekly (as visible at each instant)",
            ScoreTrendOutput(trend: combined).render(.table).split(separator: "\n").map { "  " + $0 }.joined(
                separator: "\n"),
        ]

        let daily = try store.scoreTrend(from: scenario.start + 12 * 3600, to: end, every: .day, by: .subscription)
        let chart = folder.appendingPathComponent("trend.svg")
        try OutputFile.write(
            TrendChart(
                trend: daily,
                title:
                    "Secure score per subscription, daily, \(TrendChart.day(scenario.start)) – \(TrendChart.day(end))"
            ).svg,
            to: chart.path)
        let page = try PostureReport(store: store, now: end)
        let reportFolder = folder.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: reportFolder, withIntermediateDirectories: true)
        try OutputFile.write(page.html, to: reportFolder.appendingPathComponent("index.html").path)

        let weekAgo = end - 7 * 86_400
        let delta = try store.scoreDelta(from: weekAgo, to: end, model: page.model)
        out += ["", "The last week, \(TrendChart.day(weekAgo)) → \(TrendChart.day(end)), and why the score moved"]
        out.append(
            ScoreDeltaOutput(delta: delta, model: page.model, aggregateScope: nil).render(.table).split(
                separator: "\n", omittingEmptySubsequences: false
            ).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n"))

        let lags = try LagReport(scenario: scenario, tenant: tenant, store: store)
        out += ["", "When each change showed: in policy states, in Defender, in the secure score (Docs/Lag.md)"]
        out.append(
            lags.table().split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                .joined(separator: "\n"))

        let from = ISO8601.format(scenario.start + 12 * 3600)
        out += [
            "",
            "Written",
            "  history  \(db)",
            "  chart    \(chart.path)",
            "  report   \(reportFolder.appendingPathComponent("index.html").path)",
            "",
            "Next",
            "  \(command) score delta --db \(db) --from \(from) --to \(ISO8601.format(end))",
            "  \(command) score trend --db \(db) --since \(from) --until \(ISO8601.format(end)) --by control --svg controls.svg",
            "  \(command) score show --db \(db) --at 2026-11-15T12:00:00Z --by-team",
            "  \(command) lag \(scenarioPath) --format json",
            "  \(command) lag --monte-carlo 100000 --schedule Schedules/azure-observed.yaml --schedule Schedules/azure-documented.yaml",
            "  \(command) mismatch --db \(db) --at 2026-11-04T08:00:00Z",
            "  \(command) exemptions --db \(db) --at 2026-11-16T00:00:00Z",
            "  \(command) history cycles --db \(db)",
            "  \(command) report --db \(db) --at \(ISO8601.format(end)) --out report",
        ]
        return out.joined(separator: "\n")
    }

    /// One line per event: what it puts, deletes or finds.
    static func describe(_ change: ScenarioEvent.Change) -> String {
        switch change {
        case .put(let object):
            let id = ResourceID(object["id"]?.stringValue ?? "")
            let type = object["type"]?.stringValue ?? ""
            return "put \(object["name"]?.stringValue ?? id.name) (\(type))"
        case .delete(let id):
            return "delete \(id.name) and what it holds"
        case .finding(let finding):
            let resource = ResourceID(Finding.assessedResourceId(in: finding) ?? "")
            let status = finding["properties"]?["status"]?["code"]?.stringValue ?? ""
            return "Defender finding \(finding["name"]?.stringValue ?? "") on \(resource.name): \(status)"
        case .scan:
            return "on-demand policy scan"
        }
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f s", duration.inSeconds)
    }
}
