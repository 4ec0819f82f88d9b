import Foundation
import JSONCore
import PolicyModel

/// Defender's objects in Azure's own JSON shapes (`Microsoft.Security/assessments`,
/// `secureScores`, `secureScoreControls`), so that other tools can read the output as
/// they read the API's.
package struct AzureShapes: Sendable {
    package let catalog: RecommendationCatalog

    package init(catalog: RecommendationCatalog) {
        self.catalog = catalog
    }

    /// An assessment as the 2021-06-01 API returns it with `$expand=metadata`.
    package func json(_ a: Assessment) -> JSONValue {
        a.azureJSON(displayName: catalog[a.key]?.displayName ?? a.key, metadata: metadata(a.key))
    }

    /// The recommendation's metadata as `$expand=metadata` embeds it.
    private func metadata(_ key: String) -> JSONObject? {
        guard let r = catalog[key] else { return nil }
        var m = r.json["properties"]?.objectValue ?? JSONObject()
        m["displayName"] = .string(r.displayName)
        m["severity"] = .string(r.severity)
        m["assessmentType"] = .string(r.assessmentType.rawValue)
        if let policy = r.policyDefinitionId { m["policyDefinitionId"] = .string(policy.rawValue) }
        return m
    }

    /// `secureScores/ascScore` of a subscription or any other scope id.
    package func secureScore(scope: String, score: ScoreDetails, weight: Int) -> JSONValue {
        [
            "id": .string(scope + "/providers/Microsoft.Security/secureScores/ascScore"), "name": "ascScore",
            "type": "Microsoft.Security/secureScores",
            "properties": [
                "displayName": "ASC score", "score": Self.json(score), "weight": .number(Double(weight)),
            ],
        ]
    }

    /// `secureScores/ascScore/secureScoreControls/<key>` with its definition expanded.
    package func secureScoreControl(scope: String, _ c: ControlScore) -> JSONValue {
        var properties: JSONObject = [
            "displayName": .string(c.displayName),
            "healthyResourceCount": .number(Double(c.healthy)),
            "unhealthyResourceCount": .number(Double(c.unhealthy)),
            "notApplicableResourceCount": .number(Double(c.notApplicable)),
            "score": Self.json(c.score), "weight": .number(Double(c.weight)),
        ]
        if let definition = catalog.controls[c.key] {
            var d = definition.json
            if case .object(var o) = d {
                o["id"] = .string("/providers/Microsoft.Security/secureScoreControlDefinitions/" + c.key)
                d = .object(o)
            }
            properties["definition"] = d
        }
        return [
            "id": .string(scope + "/providers/Microsoft.Security/secureScores/ascScore/secureScoreControls/" + c.key),
            "name": .string(c.key), "type": "Microsoft.Security/secureScores/secureScoreControls",
            "properties": .object(properties),
        ]
    }

    /// `{max, current, percentage}`: max an integer, current rounded to 2 decimals, percentage to 4.
    static func json(_ s: ScoreDetails) -> JSONValue {
        [
            "max": .number(s.max.rounded()), "current": .number(Figures.rounded(s.current, digits: 2)),
            "percentage": .number(s.percentage),
        ]
    }
}
