import ArgumentParser
import Foundation
import History
import HistoryQueries
import PolicyModel

extension ScoreTrend.Interval: ExpressibleByArgument {}
extension ScoreTrend.Grouping: ExpressibleByArgument {}

extension Posture.Score {
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The secure score over time, as visible at each sample: a table, JSON, CSV or an SVG line chart.")

        @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db).")
        var db: String

        @Option(help: "The first sample (ISO 8601).")
        var since: Instant

        @Option(help: "The last sample at the latest (ISO 8601); default: when the last recorded cycle became visible.")
        var until: Instant?

        @Option(help: "Sample every day, week or month.")
        var every: ScoreTrend.Interval = .day

        @Option(help: "One line for the total, or one per subscription, control or team.")
        var by: ScoreTrend.Grouping = .total

        @Option(help: "A subscription id or management group id; default: every subscription.")
        var scope: String?

        @Option(help: "Also write the chart as SVG to this file.")
        var svg: String?

        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let store = try HistoryDatabase.reading(db, stream: results.source)
            let end = try HistoryDatabase.instant(until, in: store, option: "--until")
            try HistoryDatabase.requireForward(
                since.date, end, options: ("--since", until == nil ? "the history's end" : "--until"))
            // The total needs no names, controls or owners: read them only for a scope or a grouping.
            let model = scope != nil || by != .total ? try ScoreModel(store: store, at: end) : nil
            let subscriptions = try scope.map { scope in
                Set(try ScopeFilter.subscriptions(scope, in: model!.tenant).map { $0.lowercased() })
            }
            let trend = try store.scoreTrend(
                from: since.date, to: end, every: every, by: by, subscriptions: subscriptions, model: model)
            if let svg {
                let title =
                    "Secure score by \(by.rawValue), every \(every.rawValue), \(TrendChart.day(since.date)) – \(TrendChart.day(end))"
                try OutputFile.write(TrendChart(trend: trend, title: title).svg, to: svg)
            }
            print(ScoreTrendOutput(trend: trend).render(format))
        }
    }
}
