import ArgumentParser
import Foundation
import HistoryQueries
import PolicyModel

extension Posture {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a static HTML report: score trend, the last week's delta and why, top recommendations, expiring exemptions."
        )

        @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db).")
        var db: String

        @Option(help: "The folder to write index.html and trend.svg into (created if needed).")
        var out: String

        @Option(
            help: "The instant the report is as of (ISO 8601); default: when the last recorded cycle became visible.")
        var at: Instant?

        @OptionGroup var goals: GoalOptions

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let store = try HistoryDatabase.reading(db, stream: results.source)
            let goals = try goals.load()
            let report = try ReviewOutput.report(
                store: store, now: try HistoryDatabase.instant(at, in: store), goals: goals)
            let folder = URL(fileURLWithPath: out)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw CommandError.io("posture: \(out): cannot create the report folder: \(error.localizedDescription)")
            }
            try OutputFile.write(report.html, to: folder.appendingPathComponent("index.html").path)
            try OutputFile.write(report.trendSVG, to: folder.appendingPathComponent("trend.svg").path)
            print("wrote \(folder.appendingPathComponent("index.html").path) and trend.svg")
            if let assigned = report.assignedPolicies {
                UnevaluatedPolicies.print(UnevaluatedPolicy.summary(report.unevaluated, assigned: assigned))
            }
        }
    }
}
