import PolicyModel

/// The secure score of some of a tenant's subscriptions: what `posture score` shows.
package struct ScopedScore: Sendable {
    /// The assessments of the subscriptions in scope.
    package var assessments: [Assessment]
    /// Each subscription's score: the one history stored when there is one, else computed from `assessments`.
    package var scores: [SubscriptionScore]
}

extension ScoreCalculator {
    /// The score of `subscriptions` (ids, any case) alone: their assessments, and the scores `stored` in
    /// history for them, or, when nothing was stored (a tenant evaluated on the spot), computed here.
    package func score(
        _ assessments: [Assessment], stored: [SubscriptionScore]?, subscriptions: [String]
    ) -> ScopedScore {
        let keep = Set(subscriptions.map { $0.lowercased() })
        let inScope = assessments.filter { keep.contains($0.subscriptionId.lowercased()) }
        let scores =
            stored?.filter { keep.contains($0.subscriptionId.lowercased()) }
            ?? self.scores(inScope, subscriptions: subscriptions)
        return ScopedScore(assessments: inScope, scores: scores)
    }

    /// Each owning team's score (the tenant's `owners.json`), a resource's team found by its type in the
    /// tenant, or by the type its id names when the tenant no longer has it.
    package func teamScores(_ assessments: [Assessment], tenant: Tenant) -> [TeamScore] {
        let types = tenant.resourceTypes
        return teamScores(assessments, ownership: tenant.ownership) { $0.type(in: types) }
    }
}
