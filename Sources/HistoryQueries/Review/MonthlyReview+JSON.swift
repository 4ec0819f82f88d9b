import Defender
import Foundation
import JSONCore
import PolicyModel

extension MonthlyReview {
    /// `{"month", "at", "score": {...}, "goals": [...], "teams": [...]}` (issue 19), with the
    /// month's delta, the top recommendations and the expiring exemptions beside them. Scores are
    /// 0–1 ratios as Azure's `percentage`; points are secure score points.
    package var json: JSONValue {
        func ratio(_ value: Double?) -> JSONValue { value.map { .number(Figures.rounded($0)) } ?? .null }
        func row(_ r: ScoreRow, key: String) -> JSONValue {
            [key: .string(r.key), "displayName": .string(r.label), "start": ratio(r.start), "end": ratio(r.end)]
        }
        let score: JSONValue = [
            "start": .string(ISO8601.format(delta.from.instant)), "end": .string(ISO8601.format(delta.to.instant)),
            "tenant": ["start": ratio(tenant.start), "end": ratio(tenant.end)],
            "subscriptions": .array(subscriptions.map { row($0, key: "subscriptionId") }),
            "teams": .array(
                teamScores.map { ["team": .string($0.key), "start": ratio($0.start), "end": ratio($0.end)] }),
        ]
        return [
            "month": .string(month.description), "at": .string(ISO8601.format(at)), "score": score,
            "delta": deltaJSON,
            "goals": .array(goals.map(\.json)),
            "teams": .array(
                teams.map { t in
                    [
                        "team": .string(t.team), "pointsGained": .number(Self.points(t.gainedUnits)),
                        "pointsLost": .number(Self.points(t.lostUnits)),
                        "unhealthyHighSeverity": .number(Double(t.unhealthyHighSeverity)),
                        "closedHighSeverity": .number(Double(t.closedHighSeverity)),
                        "remediated": .number(Double(t.remediated)),
                        "medianDaysToRemediate": t.medianDaysToRemediate.map { .number(Figures.rounded($0, digits: 2)) }
                            ?? .null,
                    ]
                }),
            "recommendations": .array(
                recommendations.map { r in
                    [
                        "assessmentKey": .string(r.increase.assessmentKey), "displayName": .string(r.displayName),
                        "subscriptionId": .string(r.increase.subscriptionId),
                        "unhealthyResources": .number(Double(r.increase.unhealthyResources)),
                        "points": .number(Figures.rounded(r.increase.points)),
                        "percentage": .number(Figures.rounded(r.increase.ratio)),
                        "teams": .array(r.teams.map(JSONValue.string)),
                    ]
                }),
            "expiringExemptions": .array(
                expiring.map { e in
                    [
                        "id": .string(e.exemption.id.rawValue),
                        "displayName": .string(e.exemption.displayName ?? e.exemption.name),
                        "expiresOn": e.exemption.expiresOn.map { .string(ISO8601.format($0)) } ?? .null,
                        "category": .string(e.exemption.category.rawValue),
                        "owners": .array(e.owners.map(JSONValue.string)),
                    ]
                }),
        ]
    }

    private var deltaJSON: JSONValue {
        [
            "points": .number(Self.points(delta.totalDeltaUnits)),
            "causes": .array(
                delta.unitsByCause.filter { $0.count > 0 }.map { c in
                    [
                        "cause": .string(c.cause.rawValue), "changes": .number(Double(c.count)),
                        "points": .number(Self.points(c.units)),
                    ]
                }),
        ]
    }

    static func points(_ units: Int) -> Double { Double(units) / Double(ScoreDelta.unitsPerPoint) }
}

extension MonthlyReview.GoalReview {
    /// One goal: `{"name", "status", "current", "target", "by", "forecast": {"from", "to"} | null, …}`.
    package var json: JSONValue {
        let target = goal.goal.target
        func figure(_ value: Double?) -> JSONValue {
            guard let value else { return .null }
            if case .secureScore = target { return .number(Figures.rounded(value)) }
            return .number(value)
        }
        var object: JSONObject = [
            "name": .string(goal.goal.name), "status": .string(status.rawValue), "current": figure(current),
            "target": figure(target.value), "by": .string(goal.goal.by.description), "gap": figure(gap),
            "scope": .string(goal.scopeLabel), "owner": goal.goal.owner.map(JSONValue.string) ?? .null,
        ]
        switch target {
        case .secureScore: object["measure"] = .string("secureScore")
        case .unhealthy(let severity, _):
            object["measure"] = .string("unhealthy")
            object["severity"] = .string(severity)
        }
        object["forecast"] =
            forecast.map { f in
                ["from": .string(ISO8601.format(f.from)), "to": f.to.map { .string(ISO8601.format($0)) } ?? .null]
            } ?? .null
        object["metSince"] = metSince.map { .string(ISO8601.format($0)) } ?? .null
        object["trendPerDay"] = fit.map { .number(Figures.rounded($0.slope, digits: 6)) } ?? .null
        return .object(object)
    }

    /// The figure as a person reads it: `87.4%` or `3`.
    package func text(_ value: Double?) -> String {
        guard let value else { return "–" }
        if case .secureScore = goal.goal.target { return Figures.percent(value) }
        return String(Int(value.rounded()))
    }

    /// The target as written: `≥ 90.0%` or `≤ 0 High`.
    package var targetText: String {
        switch goal.goal.target {
        case .secureScore(let ratio): "≥ " + Figures.percent(ratio)
        case .unhealthy(let severity, let atMost): "≤ \(atMost) \(severity) unhealthy"
        }
    }

    /// The forecast as a person reads it: `2026-12-04 – 2026-12-19`, or why there is none.
    package var forecastText: String {
        switch status {
        case .met: return "reached"
        case .missed: return "deadline passed"
        default: break
        }
        guard let forecast else { return "not at this pace" }
        let from = String(ISO8601.format(forecast.from).prefix(10))
        guard let to = forecast.to else { return "\(from) or later (no late bound at this pace)" }
        let end = String(ISO8601.format(to).prefix(10))
        return from == end ? from : "\(from) – \(end)"
    }
}
