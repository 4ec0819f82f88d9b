import Defender
import Foundation
import PolicyModel

extension MonthlyReview {
    /// The review as Markdown for a ticket or a wiki page: headings, and pipe tables (GitHub
    /// Flavored Markdown, also Python-Markdown's `tables` extension).
    package var markdown: String {
        var out = ["# Security posture review \(month)", ""]
        out.append("As visible at \(ISO8601.format(at)).")
        out.append("")
        out.append("## Secure score")
        out.append("")
        let scoreRows =
            [tenant]
            + subscriptions.map {
                ScoreRow(key: $0.key, label: "Subscription " + $0.label, start: $0.start, end: $0.end)
            }
            + teamScores.map { ScoreRow(key: $0.key, label: "Team " + $0.label, start: $0.start, end: $0.end) }
        out += Self.mdTable(
            ["scope", "start of month", "now", "change"],
            scoreRows.map { r in
                [r.label, Self.percent(r.start), Self.percent(r.end), Self.change(r.start, r.end)]
            }, right: [1, 2, 3])
        out.append("")
        out.append("## What moved this month")
        out.append("")
        out.append(
            "\(Self.percent(tenant.start)) → \(Self.percent(tenant.end)), "
                + "\(Self.signed(delta.totalDeltaUnits)) points."
        )
        out.append("")
        let causes = delta.unitsByCause.filter { $0.count > 0 }
        if causes.isEmpty {
            out.append("No assessment moved.")
        } else {
            out += Self.mdTable(
                ["cause", "changes", "points"],
                causes.map { [$0.cause.rawValue, String($0.count), Self.signed($0.units)] }, right: [1, 2])
        }
        out.append("")
        out.append("## Goals")
        out.append("")
        if goals.isEmpty {
            out.append("No goals (give a goals.yaml).")
        } else {
            out += Self.mdTable(
                ["goal", "scope", "owner", "status", "current", "target", "gap", "by", "forecast"],
                goals.map { g in
                    [
                        g.goal.goal.name, g.goal.scopeLabel, g.goal.goal.owner ?? "", "**\(g.status.rawValue)**",
                        g.text(g.current),
                        g.targetText, g.text(g.gap), g.goal.goal.by.description, g.forecastText,
                    ]
                }, right: [4, 6])
        }
        out.append("")
        out.append("## Team leaderboard")
        out.append("")
        out += Self.mdTable(
            [
                "team", "points gained", "points lost", "High unhealthy now", "High closed", "remediated",
                "median days to remediate",
            ],
            teams.map { t in
                [
                    t.team, Self.signed(t.gainedUnits), Self.signed(-t.lostUnits), String(t.unhealthyHighSeverity),
                    String(t.closedHighSeverity),
                    String(t.remediated), t.medianDaysToRemediate.map { String(format: "%.1f", $0) } ?? "–",
                ]
            }, right: [1, 2, 3, 4, 5, 6])
        out.append("")
        out.append("## Top recommendations by potential increase")
        out.append("")
        if recommendations.isEmpty {
            out.append("No scored recommendation has unhealthy resources.")
        } else {
            let names = model.tenant.subscriptionNames
            out += Self.mdTable(
                ["recommendation", "subscription", "unhealthy resources", "+ points", "owning team"],
                recommendations.map { r in
                    [
                        r.displayName, names[r.increase.subscriptionId] ?? r.increase.subscriptionId,
                        String(r.increase.unhealthyResources),
                        Figures.points(r.increase.points), r.teams.joined(separator: ", "),
                    ]
                }, right: [2, 3])
        }
        out.append("")
        out.append("## Exemptions expiring in \(month.next)")
        out.append("")
        if expiring.isEmpty {
            out.append("None.")
        } else {
            out += Self.mdTable(
                ["expires", "exemption", "category", "scope", "owners"],
                expiring.map { e in
                    [
                        e.exemption.expiresOn.map(ISO8601.format) ?? "", e.exemption.displayName ?? e.exemption.name,
                        e.exemption.category.rawValue,
                        e.exemption.scope.rawValue, e.owners.isEmpty ? "–" : e.owners.joined(separator: ", "),
                    ]
                }, right: [])
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// A pipe table; cells escaped so that no text breaks the table or turns into markup.
    package static func mdTable(_ header: [String], _ rows: [[String]], right: Set<Int>) -> [String] {
        var lines = ["| " + header.map(mdEscape).joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { right.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
        for row in rows { lines.append("| " + row.map(mdEscape).joined(separator: " | ") + " |") }
        return lines
    }

    /// Markdown's special characters backslash-escaped (bold markers of our own are kept).
    static func mdEscape(_ text: String) -> String {
        let bold = text.hasPrefix("**") && text.hasSuffix("**") && text.count > 4
        let inner = bold ? String(text.dropFirst(2).dropLast(2)) : text
        var out = ""
        for c in inner {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#": out += "\\" + String(c)
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return bold ? "**\(out)**" : out
    }

    static func percent(_ ratio: Double?) -> String { ratio.map { Figures.percent($0) } ?? "–" }

    static func change(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b else { return "–" }
        return Figures.signedPercentagePoints(b - a, .typographic) + " pp"
    }

    static func signed(_ units: Int) -> String {
        Figures.signedPoints(units, perUnit: ScoreDelta.unitsPerPoint, .typographic)
    }
}
