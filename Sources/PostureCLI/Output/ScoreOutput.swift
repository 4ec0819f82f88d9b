import Defender
import JSONCore
import PolicyModel

/// Prints secure scores: a table per subscription for people, `secureScores` and
/// `secureScoreControls` lists in Azure's shapes for tools, or CSV.
struct ScoreOutput {
    let scores: [SubscriptionScore]
    let increases: [PotentialIncrease]
    let shapes: AzureShapes
    /// The scope of the aggregate line (a management group id, or nil for the whole tenant).
    let aggregateScope: String?
    /// Subscription display names by lower-cased id, for tables.
    var names: [String: String] = [:]

    private func name(_ subscriptionId: String) -> String {
        SubscriptionLabel.text(subscriptionId, names: names)
    }

    func render(_ format: OutputFormat) -> String {
        let aggregate = AggregateScore(subscriptions: scores)
        switch format {
        case .json:
            var secureScores = scores.map {
                shapes.secureScore(scope: "/subscriptions/" + $0.subscriptionId, score: $0.score, weight: $0.weight)
            }
            if let aggregateScope {
                secureScores.append(
                    shapes.secureScore(scope: aggregateScope, score: aggregate.score, weight: aggregate.weight))
            }
            let controls = scores.flatMap { s in
                s.controls.map { shapes.secureScoreControl(scope: "/subscriptions/" + s.subscriptionId, $0) }
            }
            return JSONWriter().string([
                "secureScores": ["value": .array(secureScores)], "secureScoreControls": ["value": .array(controls)],
            ])
        case .csv:
            var csv = CSVWriter([
                "subscriptionId", "control", "displayName", "max", "current", "percentage", "healthy", "unhealthy",
                "notApplicable", "weight",
            ])
            for s in scores {
                let total = s.score
                csv.append([
                    s.subscriptionId, "", "", fmt(total.max), fmt(total.current), exact(total.percentage), "", "", "",
                    String(s.weight),
                ])
                for c in s.controls {
                    let score = c.score
                    csv.append([
                        s.subscriptionId, c.key, c.displayName, fmt(score.max), fmt(score.current),
                        exact(score.percentage),
                        String(c.healthy), String(c.unhealthy), String(c.notApplicable), String(c.weight),
                    ])
                }
            }
            return csv.text
        case .table:
            return table(aggregate)
        }
    }

    private func table(_ aggregate: AggregateScore) -> String {
        var out: [String] = []
        out.append(
            "Secure score \(percent(aggregate.ratio)): each subscription's score weighted by its assessed resources "
                + "(\(Plural.count(scores.count, "subscription")), \(Plural.count(aggregate.weight, "resource")))")
        var subs = TextTable(["subscription", "score", "points", "max", "weight"])
        for s in scores {
            let score = s.score
            subs.append([
                name(s.subscriptionId), percent(score.max > 0 ? score.current / score.max : 0), fmt(score.current),
                fmt(score.max), String(s.weight),
            ])
        }
        out.append(subs.render(indent: "  "))
        out.append("")
        let pooled = aggregate.controls.filter(\.counts)
        let points = pooled.reduce(0) { $0 + $1.score.current }
        let max = pooled.reduce(0) { $0 + $1.score.max }
        let without = scores.filter { !$0.controlsKnown }.count
        if without > 0 {
            out.append(
                "Control points: not known for \(Plural.count(without, "subscription")) (scores ingested without "
                    + "--controls); the score above is Azure's totals")
        }
        if without < scores.count {
            out.append(
                "Control points, all subscriptions pooled: \(fmt(points)) of \(fmt(max)) (not weighted; the score "
                    + "above is)")
        }
        var controls = TextTable(["control", "points", "max", "healthy", "unhealthy", "n/a", "potential"])
        for c in aggregate.controls.sorted(by: {
            ($1.potentialIncrease, $0.displayName) < ($0.potentialIncrease, $1.displayName)
        }) {
            let score = c.score
            controls.append([
                c.displayName, fmt(score.current), fmt(score.max), String(c.healthy), String(c.unhealthy),
                String(c.notApplicable),
                "+" + fmt(c.potentialIncrease),
            ])
        }
        out.append(controls.render(indent: "  "))
        if !increases.isEmpty {
            out.append("")
            out.append("Top recommendations by potential increase")
            var top = TextTable(["recommendation", "subscription", "unhealthy", "points", "score"])
            for i in increases.prefix(10) {
                top.append([
                    shapes.catalog[i.assessmentKey]?.displayName ?? i.assessmentKey, name(i.subscriptionId),
                    String(i.unhealthyResources), "+" + fmt(i.points), "+" + percent(i.ratio),
                ])
            }
            out.append(top.render(indent: "  "))
        }
        return out.joined(separator: "\n")
    }

    private func fmt(_ value: Double) -> String {
        let rounded = Figures.rounded(value, digits: 2)
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
    }

    /// A number as JSON prints it (the percentage is already rounded to four decimals there): the CSV
    /// keeps the same precision.
    private func exact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private func percent(_ ratio: Double) -> String {
        Figures.percent(ratio, .rounded)
    }
}
