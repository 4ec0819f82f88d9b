import Defender
import Foundation
import PolicyModel

extension MonthlyReview {
    /// The review as a section of the HTML report: tables, and a small SVG bar chart per team.
    package var htmlSection: String {
        let e = PostureReport.e
        var body = [
            "<section class=\"review\">",
            "<h2>Monthly review \(e(month.description))</h2>",
            "<p class=\"meta\">As visible at \(e(ISO8601.format(at))).</p>",
            "<h3>Secure score</h3>",
        ]
        let scoreRows =
            [tenant]
            + subscriptions.map {
                ScoreRow(key: $0.key, label: "Subscription " + $0.label, start: $0.start, end: $0.end)
            }
            + teamScores.map { ScoreRow(key: $0.key, label: "Team " + $0.label, start: $0.start, end: $0.end) }
        body.append(
            PostureReport.table(
                ["scope", "start of month", "now", "change"],
                scoreRows.map {
                    [$0.label, Self.percent($0.start), Self.percent($0.end), Self.change($0.start, $0.end)]
                }, numeric: [1, 2, 3]))
        body.append("<h3>What moved this month</h3>")
        let causes = delta.unitsByCause.filter { $0.count > 0 }
        body.append(
            "<p>\(Self.percent(tenant.start)) → \(Self.percent(tenant.end)), "
                + "\(Self.signed(delta.totalDeltaUnits)) points.</p>"
        )
        if !causes.isEmpty {
            body.append(
                PostureReport.table(
                    ["cause", "changes", "points"],
                    causes.map { [$0.cause.rawValue, String($0.count), Self.signed($0.units)] }, numeric: [1, 2]))
        }
        body.append("<h3>Goals</h3>")
        if goals.isEmpty {
            body.append("<p>No goals.</p>")
        } else {
            body.append(
                PostureReport.table(
                    ["goal", "scope", "owner", "status", "current", "target", "gap", "by", "forecast"],
                    goals.map { g in
                        [
                            g.goal.goal.name, g.goal.scopeLabel, g.goal.goal.owner ?? "", g.status.rawValue,
                            g.text(g.current), g.targetText,
                            g.text(g.gap), g.goal.goal.by.description, g.forecastText,
                        ]
                    }, numeric: [4, 6]))
        }
        body.append("<h3>Team leaderboard</h3>")
        body.append(
            PostureReport.table(
                [
                    "team", "points gained", "points lost", "High unhealthy now", "High closed", "remediated",
                    "median days to remediate",
                ],
                teams.map { t in
                    [
                        t.team, Self.signed(t.gainedUnits), Self.signed(-t.lostUnits), String(t.unhealthyHighSeverity),
                        String(t.closedHighSeverity), String(t.remediated),
                        t.medianDaysToRemediate.map { String(format: "%.1f", $0) } ?? "–",
                    ]
                }, numeric: [1, 2, 3, 4, 5, 6]))
        let scale = (
            gained: teams.map(\.gainedUnits).max() ?? 0, lost: teams.map(\.lostUnits).max() ?? 0,
            open: teams.map(\.unhealthyHighSeverity).max() ?? 0, closed: teams.map(\.closedHighSeverity).max() ?? 0
        )
        body.append("<div class=\"teams\">")
        body += teams.map { TeamBarChart(row: $0, scale: scale).svg }
        body.append("</div>")
        body.append("<h3>Top recommendations by potential increase</h3>")
        let names = model.tenant.subscriptionNames
        body.append(
            recommendations.isEmpty
                ? "<p>No scored recommendation has unhealthy resources.</p>"
                : PostureReport.table(
                    ["recommendation", "subscription", "unhealthy resources", "+ points", "owning team"],
                    recommendations.map { r in
                        [
                            r.displayName, names[r.increase.subscriptionId] ?? r.increase.subscriptionId,
                            String(r.increase.unhealthyResources),
                            Figures.points(r.increase.points), r.teams.joined(separator: ", "),
                        ]
                    }, numeric: [2, 3]))
        body.append("<h3>Exemptions expiring in \(e(month.next.description))</h3>")
        body.append(
            expiring.isEmpty
                ? "<p>None.</p>"
                : PostureReport.table(
                    ["expires", "exemption", "category", "scope", "owners"],
                    expiring.map { x in
                        [
                            x.exemption.expiresOn.map(ISO8601.format) ?? "",
                            x.exemption.displayName ?? x.exemption.name, x.exemption.category.rawValue,
                            x.exemption.scope.rawValue, x.owners.isEmpty ? "–" : x.owners.joined(separator: ", "),
                        ]
                    }, numeric: []))
        body.append("</section>")
        return body.joined(separator: "\n")
    }

    /// The section alone as a page (`posture review --format html`).
    package var htmlPage: String {
        PostureReport.page(title: "Security posture review \(month)", body: htmlSection)
    }
}
