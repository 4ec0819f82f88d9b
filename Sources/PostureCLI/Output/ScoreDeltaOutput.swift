import Defender
import Foundation
import History
import HistoryQueries
import JSONCore
import PolicyModel

/// Prints a score delta: for people, the two scores, the move per subscription and per cause,
/// then every change; for tools, `{from, to, delta, changes}` or the changes as CSV.
struct ScoreDeltaOutput {
    let delta: ScoreDelta
    let model: ScoreModel
    /// The scope of the aggregate `secureScores` entry (a management group id), if any.
    let aggregateScope: String?

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONWriter().string(
                delta.json(shapes: AzureShapes(catalog: model.catalog), aggregateScope: aggregateScope))
        case .csv:
            var csv = CSVWriter([
                "movedAt", "subscriptionId", "resourceId", "assessmentKey", "recommendation", "control", "cause",
                "before", "after", "points",
            ])
            for c in delta.changes {
                csv.append([
                    c.movedAt.map(ISO8601.format) ?? "", c.subscriptionId, c.resourceId.rawValue, c.assessmentKey,
                    c.recommendation ?? "",
                    c.control ?? "", c.cause.rawValue, c.before?.text ?? "", c.after?.text ?? "",
                    Self.signed(c.pointUnits),
                ])
            }
            return csv.text
        case .table:
            return table()
        }
    }

    private func table() -> String {
        let names = model.tenant.subscriptionNames
        let before = delta.from.aggregate.score
        let after = delta.to.aggregate.score
        let moved =
            delta.from.scoreCycle == nil || delta.to.scoreCycle == nil
            ? "\(delta.from.scoreCycle == nil ? "no score visible" : Self.percent(before.percentage)) → "
                + "\(delta.to.scoreCycle == nil ? "no score visible" : Self.percent(after.percentage))"
            : "\(Self.percent(before.percentage)) → \(Self.percent(after.percentage)) "
                + "(\(Self.percentagePoints(after.percentage - before.percentage)); "
                + "subscriptions weighted by their assessed resources)"
        var out = [
            "Secure score \(ISO8601.format(delta.from.instant)) → \(ISO8601.format(delta.to.instant)): " + moved,
            "Control points: \(Self.signed(delta.totalDeltaUnits)) over "
                + "\(Plural.count(delta.subscriptions.count, "subscription"))"
                + " (not weighted: the sum of the moves below)",
            "",
        ]
        var subs = TextTable(["subscription", "from", "to", "Δ control points"])
        for sub in delta.subscriptions {
            let a = delta.from.scores.first { $0.subscriptionId.lowercased() == sub }?.score.percentage
            let b = delta.to.scores.first { $0.subscriptionId.lowercased() == sub }?.score.percentage
            subs.append([
                SubscriptionLabel.text(sub, names: names), a.map(Self.percent) ?? "–", b.map(Self.percent) ?? "–",
                Self.signed(delta.deltaUnits(subscription: sub)),
            ])
        }
        out.append(subs.render(indent: "  "))
        out.append("")
        out.append("Why it moved")
        var causes = TextTable(["cause", "changes", "Δ points"])
        for (cause, units, count) in delta.unitsByCause where count > 0 {
            causes.append([cause.rawValue, String(count), Self.signed(units)])
        }
        let without = Set(delta.subscriptionsWithoutControls)
        let unknown = delta.unexplainedUnits.filter { without.contains($0.key) }.values.reduce(0, +)
        let unexplained = delta.unexplainedUnits.filter { !without.contains($0.key) }.values.reduce(0, +)
        if unexplained != 0 { causes.append(["(unexplained)", "", Self.signed(unexplained)]) }
        if !without.isEmpty { causes.append(["(controls not known)", "", Self.signed(unknown)]) }
        causes.append(["total", String(delta.changes.count), Self.signed(delta.totalDeltaUnits)])
        out.append(causes.render(indent: "  "))
        if delta.from.scoreCycle == nil, delta.to.scoreCycle == nil {
            out.append("  no score visible at either instant: the changes' points are not known")
        }
        if !without.isEmpty {
            out.append(
                "  \(Plural.count(without.count, "subscription")) scored without controls (ingested without "
                    + "--controls): their moves are Azure's totals, not attributed to the changes below")
        }
        guard !delta.changes.isEmpty else { return out.joined(separator: "\n") }
        out.append("")
        out.append("Changes")
        var changes = TextTable(["moved at", "resource", "recommendation", "cause", "before → after", "Δ points"])
        let all = delta.changes
        let order = all.indices.sorted {
            (all[$0].movedAt ?? .distantPast, all[$0].resourceId.key) < (
                all[$1].movedAt ?? .distantPast, all[$1].resourceId.key
            )
        }
        for c in order.lazy.map({ all[$0] }) {
            changes.append([
                c.movedAt.map(ISO8601.format) ?? "", c.resourceId.name, c.recommendation ?? c.assessmentKey,
                c.cause.rawValue, "\(c.before?.text ?? "–") → \(c.after?.text ?? "–")", Self.signed(c.pointUnits),
            ])
        }
        out.append(changes.render(indent: "  "))
        return out.joined(separator: "\n")
    }

    /// Ten-thousandths of a point as `+1.2345`, `-0.0500`, `0.0000`: exact, from the integer.
    static func signed(_ units: Int) -> String {
        Figures.signedPoints(units, perUnit: ScoreDelta.unitsPerPoint, .exact)
    }

    static func percent(_ ratio: Double) -> String { Figures.percent(ratio) }

    /// A change of ratio in percentage points, signed: "+1.2 percentage points", "0.0 percentage points".
    static func percentagePoints(_ change: Double) -> String {
        Figures.signedPercentagePoints(change, .exact) + " percentage points"
    }
}
