import JSONCore
import PolicyModel

/// The recommendations Defender knows, indexed for reconciliation and scoring: the
/// tenant's `recommendations.json`, plus a custom recommendation for every definition whose
/// metadata carries `securityCenter` (a custom policy surfaced in Defender) and has none yet.
package struct RecommendationCatalog: Sendable {
    package private(set) var recommendations: [String: Recommendation] = [:]
    private var byPolicy: [ResourceID: [String]] = [:]
    private var controlOf: [String: String] = [:]
    /// The tenant's secure score controls, by key.
    package private(set) var controls: [String: ControlDefinition] = [:]

    package init(tenant: Tenant) {
        for r in tenant.recommendations { add(r) }
        for definition in tenant.policyDefinitions {
            guard let securityCenter = definition.securityCenter, byPolicy[definition.id] == nil else { continue }
            add(Self.customRecommendation(for: definition, securityCenter: securityCenter))
        }
        for control in tenant.controls {
            controls[control.key] = control
            for key in control.assessmentKeys where controlOf[key] == nil { controlOf[key] = control.key }
        }
    }

    private mutating func add(_ recommendation: Recommendation) {
        recommendations[recommendation.key] = recommendation
        if let policy = recommendation.policyDefinitionId { byPolicy[policy, default: []].append(recommendation.key) }
    }

    /// The assessment keys a policy feeds.
    package func keys(forPolicy id: ResourceID) -> [String] {
        byPolicy[id] ?? []
    }

    /// The control named `name`: its display name or an older one ("Enable Advanced Threat
    /// Protection" finds "Enable enhanced security features"), ignoring case.
    package func control(named name: String) -> ControlDefinition? {
        controls.values.sorted { $0.key < $1.key }.first { $0.isNamed(name) }
    }

    /// The recommendation with this key.
    package subscript(key: String) -> Recommendation? {
        recommendations[key]
    }

    /// The control a recommendation belongs to, if it counts towards the secure score: built-in,
    /// not in preview, and listed in a control.
    package func scoredControl(of key: String) -> String? {
        guard let r = recommendations[key], r.assessmentType == .builtIn, !r.isPreview else { return nil }
        return controlOf[key]
    }

    /// A `CustomPolicy` recommendation for a definition with `metadata.securityCenter`, keyed by a GUID
    /// derived from the definition id so that it is the same in every cycle.
    static func customRecommendation(for definition: PolicyDefinition, securityCenter: JSONObject) -> Recommendation {
        let severity =
            securityCenter["Severity"]?.stringValue.flatMap { s in
                Recommendation.severities.first { $0.equalsIgnoringASCIICase(s) }
            } ?? "Medium"
        let key = StableGUID.make(from: "custom-recommendation|" + definition.id.key)
        var properties = JSONObject()
        properties["displayName"] = .string(definition.displayName ?? definition.name)
        properties["policyDefinitionId"] = .string(definition.id.rawValue)
        properties["severity"] = .string(severity)
        properties["assessmentType"] = .string(Recommendation.AssessmentType.customPolicy.rawValue)
        if let remediation = securityCenter["RemediationDescription"] {
            properties["remediationDescription"] = remediation
        }
        return Recommendation(
            key: key, displayName: definition.displayName ?? definition.name, policyDefinitionId: definition.id,
            severity: severity, categories: [], assessmentType: .customPolicy, isPreview: false,
            json: [
                "id": .string("/providers/Microsoft.Security/assessmentMetadata/" + key), "name": .string(key),
                "type": "Microsoft.Security/assessmentMetadata", "properties": .object(properties),
            ])
    }
}
