import ArgumentParser
import History
import HistoryQueries
import PolicyModel

extension Posture.Score {
    struct Delta: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "How the secure score moved between two instants, and why: every assessment that moved, by cause, in points."
        )

        @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db).")
        var db: String

        @Option(help: "The first instant (ISO 8601).")
        var from: Instant

        @Option(help: "The second instant (ISO 8601); default: when the last recorded cycle became visible.")
        var to: Instant?

        @Option(help: "A subscription id or management group id; default: every subscription.")
        var scope: String?

        @Option(help: "Output format: table, json ({from, to, delta, changes}) or csv (the changes).")
        var format: OutputFormat = .table

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let store = try HistoryDatabase.reading(db, stream: results.source)
            let end = try HistoryDatabase.instant(to, in: store, option: "--to")
            try HistoryDatabase.requireRecorded(from.date, option: "--from", in: store)
            try HistoryDatabase.requireForward(
                from.date, end, options: ("--from", to == nil ? "the history's end" : "--to"))
            let model = try ScoreModel(store: store, scoredAt: end)
            let subscriptions = try scope.map {
                Set(try ScopeFilter.subscriptions($0, in: model.tenant).map { $0.lowercased() })
            }
            let delta = try store.scoreDelta(from: from.date, to: end, subscriptions: subscriptions, model: model)
            let output = ScoreDeltaOutput(
                delta: delta, model: model,
                aggregateScope: scope.flatMap { ResourceID($0).managementGroup != nil ? $0 : nil })
            print(output.render(format))
        }
    }
}
