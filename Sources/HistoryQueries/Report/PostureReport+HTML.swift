import Defender
import Foundation
import PolicyModel

extension PostureReport {
    /// The report as one static HTML page: inline CSS and SVG, no script, no network.
    package var html: String {
        let names = model.tenant.subscriptionNames
        let score = delta.to.aggregate.score
        // Without an observed score's controls, the pooled points are not known: only the percentage.
        let points =
            delta.to.aggregate.controlsKnown
            ? "\(Figures.points(score.current)) of \(Int(score.max)) points"
            : "control points not known: scores ingested without their controls"
        var body: [String] = [
            "<h1>Security posture</h1>",
            "<p class=\"meta\">As visible at \(Self.e(ISO8601.format(now))) · history \(Self.e(database))</p>",
            "<p class=\"score\">Secure score <strong>\(Self.percent(score.percentage))</strong> "
                + "(\(points), \(delta.to.scores.count) subscriptions)</p>",
        ]
        if let assigned = assignedPolicies, let note = UnevaluatedPolicy.summary(unevaluated, assigned: assigned) {
            body.append("<p class=\"meta\">\(Self.e(note)); their results are not in this report.</p>")
        }
        body += [
            "<h2>Score trend</h2>",
            trendSVG,
            "<h2>What moved in the last \(Int((delta.to.instant.timeIntervalSince(delta.from.instant) / 86_400).rounded())) days</h2>",
            "<p>\(Self.percent(delta.from.aggregate.score.percentage)) → \(Self.percent(score.percentage)), "
                + "\(Self.signed(delta.totalDeltaUnits)) points.</p>",
        ]
        let causes = delta.unitsByCause.filter { $0.count > 0 }
        if causes.isEmpty {
            body.append("<p>No assessment moved.</p>")
        } else {
            body.append(
                Self.table(
                    ["cause", "changes", "Δ points"],
                    causes.map { [$0.cause.rawValue, String($0.count), Self.signed($0.units)] }, numeric: [1, 2]))
            let rows = delta.changes.filter { $0.pointUnits != 0 }.sorted { abs($0.pointUnits) > abs($1.pointUnits) }
                .prefix(25).map { c in
                    [
                        c.movedAt.map { String(ISO8601.format($0).prefix(10)) } ?? "", c.resourceId.name,
                        c.recommendation ?? c.assessmentKey, c.cause.rawValue,
                        "\(c.before?.text ?? "–") → \(c.after?.text ?? "–")", Self.signed(c.pointUnits),
                    ]
                }
            if !rows.isEmpty {
                body.append("<h3>The changes that moved points</h3>")
                body.append(
                    Self.table(
                        ["shown", "resource", "recommendation", "cause", "before → after", "Δ points"], Array(rows),
                        numeric: [5]))
            }
        }
        body.append("<h2>Top recommendations by potential score increase</h2>")
        if increases.isEmpty {
            body.append("<p>No scored recommendation has unhealthy resources.</p>")
        } else {
            body.append(
                Self.table(
                    ["recommendation", "subscription", "unhealthy resources", "+ points", "+ score"],
                    increases.map { i in
                        [
                            model.catalog[i.assessmentKey]?.displayName ?? i.assessmentKey,
                            ScoreModel.subscriptionLabel(i.subscriptionId, names: names),
                            String(i.unhealthyResources), Figures.points(i.points), Self.percent(i.ratio),
                        ]
                    }, numeric: [2, 3, 4]))
        }
        body.append("<h2>Exemptions expiring soon</h2>")
        if expiring.isEmpty {
            body.append("<p>None in the next 30 days.</p>")
        } else {
            body.append(
                Self.table(
                    ["expires", "exemption", "category", "scope", "reference ids"],
                    expiring.map { e in
                        [
                            ISO8601.format(e.expiresOn!), e.displayName ?? e.name, e.category.rawValue,
                            e.scope.rawValue,
                            e.policyDefinitionReferenceIds.isEmpty
                                ? "(whole assignment)" : e.policyDefinitionReferenceIds.joined(separator: ", "),
                        ]
                    }, numeric: []))
        }
        if let review { body.append(review.htmlSection) }
        return Self.page(title: "Security posture at \(ISO8601.format(now))", body: body.joined(separator: "\n"))
    }

    /// A whole static page around `body`: inline CSS, no script.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(e(title))</title>
        <style>
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px 40px; color: #222; max-width: 1200px; }
        h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 19px; margin-top: 32px; border-bottom: 1px solid #ccc; }
        .meta { color: #666; } .score { font-size: 18px; } .score strong { font-size: 28px; color: #4e79a7; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 10px; text-align: left; vertical-align: top; }
        th { background: #f3f5f8; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .teams { display: flex; flex-wrap: wrap; gap: 12px 28px; margin: 12px 0; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    /// The trend chart, inline.
    package var trendSVG: String {
        let title =
            "Secure score per subscription, daily, \(TrendChart.day(trend.samples.first ?? now)) – \(TrendChart.day(now))"
        return TrendChart(trend: trend, title: title).svg
    }

    static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        var out = ["<table>", "<tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>"]
        for row in rows {
            out.append(
                "<tr>"
                    + row.enumerated().map { i, cell in
                        numeric.contains(i) ? "<td class=\"n\">\(e(cell))</td>" : "<td>\(e(cell))</td>"
                    }.joined() + "</tr>")
        }
        out.append("</table>")
        return out.joined(separator: "\n")
    }

    static func e(_ text: String) -> String { TrendChart.escape(text) }

    static func percent(_ ratio: Double) -> String { Figures.percent(ratio) }

    static func signed(_ units: Int) -> String {
        Figures.signedPoints(units, perUnit: ScoreDelta.unitsPerPoint, .typographic)
    }
}
