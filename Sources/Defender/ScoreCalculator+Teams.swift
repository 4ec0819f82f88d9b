import PolicyModel

/// One team's part of the secure score (seed 004: score per owning team).
package struct TeamScore: Sendable, Equatable {
    package var team: String
    package var score: AggregateScore
    package var unhealthyAssessments: Int
    package var unhealthyResources: Int
}

extension ScoreCalculator {
    /// The name used for assessments no team owns.
    package static let unowned = "(unowned)"

    /// Each team's score over the assessments it owns (by resource type, else by the
    /// recommendation's categories), sorted by team name with the unowned last.
    package func teamScores(
        _ assessments: [Assessment], ownership: Ownership, resourceType: (ResourceID) -> String
    ) -> [TeamScore] {
        var byTeam: [String: [Assessment]] = [:]
        for a in assessments {
            let categories = catalog[a.key]?.categories ?? []
            let team = ownership.team(resourceType: resourceType(a.resourceId), categories: categories) ?? Self.unowned
            byTeam[team, default: []].append(a)
        }
        return byTeam.keys.sorted { ($0 == Self.unowned ? 1 : 0, $0) < ($1 == Self.unowned ? 1 : 0, $1) }.map { team in
            let owned = byTeam[team]!
            let unhealthy = owned.filter { $0.scoredStatus == .unhealthy }
            return TeamScore(
                team: team, score: AggregateScore(subscriptions: scores(owned)), unhealthyAssessments: unhealthy.count,
                unhealthyResources: Set(unhealthy.map(\.resourceId)).count)
        }
    }
}
