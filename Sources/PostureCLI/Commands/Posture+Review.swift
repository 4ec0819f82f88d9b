import ArgumentParser
import Foundation
import History
import HistoryQueries
import PolicyModel

extension Posture {
    struct Review: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The monthly review: score at the month's start and end, the delta and why, goals with forecasts, "
                + "the team leaderboard, top recommendations, exemptions expiring next month.")

        @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db).")
        var db: String

        @Option(help: "The month to review, YYYY-MM.")
        var month: String

        @OptionGroup var goals: GoalOptions

        @Option(
            help:
                "The instant the review is as of; default: the month's end, or the last recorded instant when earlier.")
        var at: Instant?

        @Option(help: "Output format: table, json, html (a page with the report's review section) or markdown.")
        var format: ReviewFormat = .table

        @OptionGroup var common: CommonOptions

        func run() throws {
            guard let month = MonthlyReview.Month(month) else {
                throw ValidationError("--month '\(month)' is not a month (use YYYY-MM, e.g. 2026-11)")
            }
            let goals = try goals.load()
            let store = try HistoryDatabase.reading(db)
            let last = try HistoryDatabase.instant(nil, in: store)
            if let at { try HistoryDatabase.requireRecorded(at.date, option: "--at", in: store) }
            guard let instant = MonthlyReview.instant(month: month, at: at?.date, lastRecorded: last) else {
                throw CommandError.badInput("posture: \(HistoryDatabase.shown(db)): the history records no cycle yet")
            }
            if let first = try store.firstVisible(), month.next.start <= first {
                throw CommandError.badInput(
                    "posture: \(HistoryDatabase.shown(db)): history starts at \(ISO8601.format(first)); --month \(month) ends before it"
                )
            }
            guard instant > month.start else {
                throw ValidationError(
                    "the review's instant \(ISO8601.format(instant)) is not after the start of \(month)")
            }
            let review = try ReviewOutput.review(store: store, month: month, at: instant, goals: goals)
            print(ReviewOutput.render(review, format))
        }
    }
}
