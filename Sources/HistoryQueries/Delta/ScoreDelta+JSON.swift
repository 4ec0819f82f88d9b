import Defender
import History
import JSONCore
import PolicyModel

extension ScoreDelta {
    /// `{"from": {...}, "to": {...}, "delta": {...}, "changes": [...], "instants": {...}}`: `from`
    /// and `to` are the `secureScores` list of each instant in Azure's shape (one `ascScore` per
    /// subscription, plus the aggregate of `aggregateScope` when given); `instants` says, for
    /// each side, the instant asked, the score computation and the Defender cycle read.
    package func json(shapes: AzureShapes, aggregateScope: String? = nil) -> JSONValue {
        func scores(_ side: Side) -> JSONValue {
            var scores = side.scores.map {
                shapes.secureScore(scope: "/subscriptions/" + $0.subscriptionId, score: $0.score, weight: $0.weight)
            }
            if let aggregateScope, !side.scores.isEmpty {
                scores.append(
                    shapes.secureScore(
                        scope: aggregateScope, score: side.aggregate.score, weight: side.aggregate.weight))
            }
            return ["value": .array(scores)]
        }
        func instants(_ side: Side) -> JSONValue {
            var object: JSONObject = ["at": .string(ISO8601.format(side.instant))]
            object["scoreComputedAt"] = side.scoreCycle.map { .string(ISO8601.format($0.start)) } ?? .null
            object["assessmentsVisibleAt"] = side.defenderCycle.map { .string(ISO8601.format($0.visibleAt)) } ?? .null
            return .object(object)
        }
        return [
            "from": scores(from), "to": scores(to), "delta": deltaJSON(shapes: shapes),
            "changes": .array(changes.map { $0.json(controls: shapes.catalog.controls) }),
            "instants": ["from": instants(from), "to": instants(to)],
        ]
    }

    private func deltaJSON(shapes: AzureShapes) -> JSONValue {
        let before = from.aggregate.score
        let after = to.aggregate.score
        let subscriptions: [JSONValue] = self.subscriptions.map { sub in
            let a =
                from.scores.first { $0.subscriptionId.lowercased() == sub }?.score ?? ScoreDetails(max: 0, current: 0)
            let b = to.scores.first { $0.subscriptionId.lowercased() == sub }?.score ?? ScoreDetails(max: 0, current: 0)
            var entry: JSONObject = [
                "subscriptionId": .string(sub), "fromPercentage": .number(a.percentage),
                "toPercentage": .number(b.percentage),
                "points": .number(Self.points(deltaUnits(subscription: sub))),
                "unexplainedPoints": .number(Self.points(unexplainedUnits[sub] ?? 0)),
            ]
            // Only where it is so: an observed score ingested without its controls.
            if subscriptionsWithoutControls.contains(sub) { entry["controlsKnown"] = false }
            return .object(entry)
        }
        let byControl = unitsByControl
        let controls: [JSONValue] = byControl.keys.sorted().map { key in
            [
                "control": .string(key), "displayName": .string(shapes.catalog.controls[key]?.displayName ?? key),
                "points": .number(Self.points(byControl[key] ?? 0)),
            ]
        }
        var causes = JSONObject()
        for (cause, units, count) in unitsByCause {
            causes[cause.rawValue] = ["points": .number(Self.points(units)), "count": .number(Double(count))]
        }
        return [
            "percentage": .number(Figures.rounded(after.percentage - before.percentage)),
            "points": .number(Self.points(totalDeltaUnits)), "subscriptions": .array(subscriptions),
            "controls": .array(controls), "causes": .object(causes),
        ]
    }

    static func points(_ units: Int) -> Double { Double(units) / Double(unitsPerPoint) }
}

extension ScoreChange {
    /// One change: `resourceId`, `assessmentKey`, `subscriptionId`, `control`, `cause`, `points`,
    /// and the statuses before and after.
    package func json(controls: [String: ControlDefinition]) -> JSONValue {
        var object: JSONObject = [
            "resourceId": .string(resourceId.rawValue), "assessmentKey": .string(assessmentKey),
            "subscriptionId": .string(subscriptionId),
        ]
        object["recommendation"] = recommendation.map(JSONValue.string) ?? .null
        object["control"] = control.map(JSONValue.string) ?? .null
        object["controlName"] = control.flatMap { controls[$0]?.displayName }.map(JSONValue.string) ?? .null
        object["cause"] = .string(cause.rawValue)
        object["points"] = .number(points)
        object["before"] = before.map { .string($0.text) } ?? .null
        object["after"] = after.map { .string($0.text) } ?? .null
        object["movedAt"] = movedAt.map { .string(ISO8601.format($0)) } ?? .null
        return .object(object)
    }
}

extension AssessmentStatus {
    /// `Healthy`, `Unhealthy`, `NotApplicable (Exempt, Waiver)`, `NotApplicable (OffByPolicy)`.
    package var text: String {
        let details = [cause, exemptionCategory?.rawValue].compactMap { $0 }
        return details.isEmpty ? status.rawValue : status.rawValue + " (" + details.joined(separator: ", ") + ")"
    }
}
