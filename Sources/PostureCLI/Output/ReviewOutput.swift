import ArgumentParser
import Defender
import Foundation
import History
import HistoryQueries
import JSONCore
import PolicyModel

/// The formats of `posture review`.
enum ReviewFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, html, markdown
}

/// `posture review`'s output, and the files the nightly job writes.
enum ReviewOutput {
    static func render(_ review: MonthlyReview, _ format: ReviewFormat) -> String {
        switch format {
        case .json: JSONWriter().string(review.json)
        case .markdown: review.markdown
        case .html: review.htmlPage
        case .table: table(review)
        }
    }

    /// The review as plain-text tables for a terminal.
    static func table(_ review: MonthlyReview) -> String {
        var out = ["Review of \(review.month), as visible at \(ISO8601.format(review.at))", ""]
        var scores = TextTable(["scope", "start", "now"])
        for row in [review.tenant] + review.subscriptions + review.teamScores {
            scores.append([row.label, percent(row.start), percent(row.end)])
        }
        out.append(scores.render())
        out.append("")
        out.append("Delta: \(String(format: "%+.2f", Double(review.delta.totalDeltaUnits) / 10_000)) points")
        for cause in review.delta.unitsByCause where cause.count > 0 {
            out.append(
                "  \(cause.cause.rawValue): \(cause.count) changes, "
                    + String(format: "%+.2f points", Double(cause.units) / 10_000)
            )
        }
        out.append("")
        if !review.goals.isEmpty {
            var goals = TextTable(["goal", "status", "current", "target", "gap", "by", "forecast"])
            for g in review.goals {
                goals.append([
                    g.goal.goal.name, g.status.rawValue, g.text(g.current), g.targetText, g.text(g.gap),
                    g.goal.goal.by.description, g.forecastText,
                ])
            }
            out.append(goals.render())
            out.append("")
        }
        var teams = TextTable(["team", "gained", "lost", "High open", "High closed", "remediated", "median days"])
        for t in review.teams {
            teams.append([
                t.team, Figures.points(Double(t.gainedUnits) / Double(ScoreDelta.unitsPerPoint)),
                Figures.points(Double(t.lostUnits) / Double(ScoreDelta.unitsPerPoint)),
                String(t.unhealthyHighSeverity), String(t.closedHighSeverity), String(t.remediated),
                t.medianDaysToRemediate.map { String(format: "%.1f", $0) } ?? "-",
            ])
        }
        out.append(teams.render())
        out.append("")
        var recommendations = TextTable(["recommendation", "subscription", "unhealthy", "+points", "team"])
        let names = review.model.tenant.subscriptionNames
        for r in review.recommendations {
            recommendations.append([
                r.displayName, names[r.increase.subscriptionId] ?? r.increase.subscriptionId,
                String(r.increase.unhealthyResources),
                Figures.points(r.increase.points), r.teams.joined(separator: ", "),
            ])
        }
        out.append(recommendations.render())
        out.append("")
        out.append("Exemptions expiring in \(review.month.next): \(review.expiring.isEmpty ? "none" : "")")
        for e in review.expiring {
            out.append(
                "  \(e.exemption.expiresOn.map(ISO8601.format) ?? "")  "
                    + "\(e.exemption.displayName ?? e.exemption.name)  owners: "
                    + (e.owners.isEmpty ? "-" : e.owners.joined(separator: ", ")))
        }
        return out.joined(separator: "\n")
    }

    private static func percent(_ ratio: Double?) -> String { ratio.map { Figures.percent($0) } ?? "-" }

    /// The goals to review: `--goals FILE`, else `goals.yaml` in the tenant directory beside
    /// owners.json when there is one; nil when neither. Bad goals exit 2 with every problem.
    static func goals(file: String?, tenantDirectory: String?) throws -> (path: String, goals: [Goal])? {
        var path = file
        if path == nil, let tenantDirectory {
            let beside = URL(fileURLWithPath: tenantDirectory).appendingPathComponent("goals.yaml").path
            if FileManager.default.fileExists(atPath: beside) { path = beside }
        }
        guard let path else { return nil }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError.io("posture: \(path): no such goals file")
        }
        do {
            return (path, try GoalFile.load(path: path))
        } catch {
            throw CommandError(.badInput, error.lines)
        }
    }

    /// The review of `month` as visible at `at`, with bad goal scopes reported as bad input.
    static func review(
        store: any HistoryReading, month: MonthlyReview.Month, at: Date, goals: (path: String, goals: [Goal])?
    ) throws -> MonthlyReview {
        do {
            return try MonthlyReview(
                store: store, month: month, at: at, goals: goals?.goals ?? [], goalsFile: goals?.path ?? "goals.yaml")
        } catch let error as GoalsError {
            throw CommandError(.badInput, error.lines)
        }
    }

    /// The report as of `now`, with the review section of the month `now` closes when goals are given.
    static func report(store: any HistoryReading, now: Date, goals: (path: String, goals: [Goal])?) throws
        -> PostureReport
    {
        do {
            return try PostureReport(
                store: store, now: now, goals: goals?.goals, goalsFile: goals?.path ?? "goals.yaml")
        } catch let error as GoalsError {
            throw CommandError(.badInput, error.lines)
        }
    }

    /// What `posture nightly` calls on the first night of a month: writes the review of `month`
    /// (as visible at `at`) into `directory` as `review-YYYY-MM.md`, `.json` and `.html`, with the
    /// goals of `goalsFile` or of `goals.yaml` in `tenantDirectory`. Returns the files written.
    static func writeMonthlyReview(
        store: any HistoryReading, month: MonthlyReview.Month, at: Date, goalsFile: String?, tenantDirectory: String?,
        directory: URL
    ) throws -> [URL] {
        let goals = try goals(file: goalsFile, tenantDirectory: tenantDirectory)
        let review = try review(store: store, month: month, at: at, goals: goals)
        let base = "review-\(month)"
        let files: [(String, String)] = [
            (base + ".md", review.markdown), (base + ".json", JSONWriter().string(review.json) + "\n"),
            (base + ".html", review.htmlPage),
        ]
        var written: [URL] = []
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files {
                let url = directory.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                written.append(url)
            }
        } catch {
            throw CommandError.io("posture: \(directory.path): cannot write the review: \(error.localizedDescription)")
        }
        return written
    }
}
