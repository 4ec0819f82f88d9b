import PolicyModel

/// Computes secure scores from one cycle's assessments, the way Defender's classic model does:
/// only built-in, non-preview recommendations that belong to a control count; a resource is
/// healthy for a control only if all its scored recommendations there are healthy (Mitigated
/// exemptions count healthy by default, or are left out with `mitigated: .excluded`; Waivers and
/// other NotApplicable results are left out).
package struct ScoreCalculator: Sendable {
    package let catalog: RecommendationCatalog
    /// Which documented reading of Mitigated exemptions the scores follow (`settings.json`).
    package let mitigated: MitigatedExemptions

    package init(catalog: RecommendationCatalog, mitigated: MitigatedExemptions = .healthy) {
        self.catalog = catalog
        self.mitigated = mitigated
    }

    /// The score of every subscription that has assessments, plus those listed in `subscriptions`
    /// (with nothing assessed, they score 0 of 0), sorted by subscription id.
    package func scores(_ assessments: [Assessment], subscriptions: [String] = []) -> [SubscriptionScore] {
        // subscription → control → resource → worst scored status
        var worst: [String: [String: [String: Assessment.Status]]] = [:]
        for a in assessments {
            guard let control = catalog.scoredControl(of: a.key) else { continue }
            let sub = a.subscriptionId.lowercased()
            let status = a.scoredStatus(mitigated: mitigated)
            let current = worst[sub]?[control]?[a.resourceId.key]
            if current == nil || Self.severity(status) > Self.severity(current!) {
                worst[sub, default: [:]][control, default: [:]][a.resourceId.key] = status
            }
        }
        for s in subscriptions where worst[s.lowercased()] == nil { worst[s.lowercased()] = [:] }
        return worst.keys.sorted().map { sub in
            let byControl = worst[sub] ?? [:]
            var assessed = Set<String>()
            let controls = catalog.controls.values.sorted { $0.key < $1.key }.map { definition in
                var score = ControlScore(
                    key: definition.key, displayName: definition.displayName, maxScore: definition.maxScore, healthy: 0,
                    unhealthy: 0, notApplicable: 0)
                for (resource, status) in byControl[definition.key] ?? [:] {
                    switch status {
                    case .healthy: score.healthy += 1; assessed.insert(resource)
                    case .unhealthy: score.unhealthy += 1; assessed.insert(resource)
                    case .notApplicable: score.notApplicable += 1
                    }
                }
                return score
            }
            return SubscriptionScore(subscriptionId: sub, controls: controls, weight: assessed.count)
        }
    }

    /// Several subscriptions together: a weighted mean of their ratios, each weighing by its count of
    /// healthy and unhealthy resources, or by the `weight` the secure score API reported for it where
    /// `apiWeights` (by subscription id, any case) knows one ("Secure score in Defender for Cloud").
    package func aggregate(_ scores: [SubscriptionScore], apiWeights: [String: Int] = [:]) -> AggregateScore {
        let known = Dictionary(apiWeights.map { ($0.key.lowercased(), $0.value) }) { a, _ in a }
        return AggregateScore(
            subscriptions: scores.map { score in
                var score = score
                if let weight = known[score.subscriptionId.lowercased()], weight >= 0 { score.weight = weight }
                return score
            })
    }

    /// Unhealthy outranks healthy outranks not applicable.
    private static func severity(_ status: Assessment.Status) -> Int {
        switch status {
        case .unhealthy: 2
        case .healthy: 1
        case .notApplicable: 0
        }
    }
}
