import Defender
import Foundation
import History
import HistoryQueries
import JSONCore
import PolicyModel
import Testing

/// The replay that splits a control's move over its changes, on a hand-made catalog: one control
/// worth 6 points with two recommendations, `a` and `b`.
@Suite struct ScoreReplayTests {
    static let tenant: Tenant = {
        var snapshot = TenantSnapshot()
        for key in ["a", "b"] {
            snapshot.put([
                "id": .string("/providers/Microsoft.Security/assessmentMetadata/" + key), "name": .string(key),
                "type": "Microsoft.Security/assessmentMetadata",
                "properties": ["displayName": .string("rec " + key), "assessmentType": "BuiltIn", "severity": "High"],
            ])
        }
        snapshot.put([
            "id": "/providers/Microsoft.Security/secureScoreControlDefinitions/c", "name": "c",
            "type": "Microsoft.Security/secureScoreControlDefinitions",
            "properties": [
                "displayName": "control c", "maxScore": 6,
                "assessmentDefinitions": [
                    ["id": "/providers/Microsoft.Security/assessmentMetadata/a"],
                    ["id": "/providers/Microsoft.Security/assessmentMetadata/b"],
                ],
            ],
        ])
        return try! snapshot.tenant()
    }()

    static func side(healthy: Int, unhealthy: Int) -> ScoreDelta.Side {
        let control = ControlScore(
            key: "c", displayName: "control c", maxScore: 6, healthy: healthy, unhealthy: unhealthy, notApplicable: 0)
        return ScoreDelta.Side(
            instant: Date(timeIntervalSince1970: 0), scoreCycle: nil, defenderCycle: nil,
            scores: [SubscriptionScore(subscriptionId: "s", controls: [control], weight: healthy + unhealthy)])
    }

    static let healthy = AssessmentStatus(status: .healthy)
    static let unhealthy = AssessmentStatus(status: .unhealthy)

    @Test func aResourceIsFixedOnlyWhenItsLastUnhealthyRecommendationIs() {
        // r1 unhealthy in a and b, r2 healthy, r3 unhealthy: 1 of 3 healthy = 2 points. r1 fixes
        // both (2 of 3 = 4 points); r3 fixes (3 of 3 = 6 points).
        let moves = AssessmentMoves([
            (
                ResourceID("/subscriptions/s/resourceGroups/g/providers/T/x/r1"), "s",
                ["a": Self.unhealthy, "b": Self.unhealthy], ["a": Self.healthy, "b": Self.healthy]
            ),
            (
                ResourceID("/subscriptions/s/resourceGroups/g/providers/T/x/r3"), "s", ["a": Self.unhealthy],
                ["a": Self.healthy]
            ),
        ])
        let delta = ScoreDelta.replay(
            from: Self.side(healthy: 1, unhealthy: 2), to: Self.side(healthy: 3, unhealthy: 0), moves: moves,
            catalog: RecommendationCatalog(tenant: Self.tenant), existedBefore: { _ in true },
            existsAfter: { _ in true })
        #expect(delta.changes.map(\.pointUnits) == [0, 20_000, 20_000])  // r1's `a` alone moves nothing
        #expect(delta.changes.map(\.cause) == [.fixed, .fixed, .fixed])
        #expect(delta.totalDeltaUnits == 40_000)
        #expect(delta.unexplainedUnits.isEmpty)
    }

    @Test func thirdsRoundSoThatTheChangesStillAddUp() {
        // 0 of 3 healthy → 3 of 3, one at a time: 2, 4, 6 points; with 7 points a third would
        // not be exact: 2.3333 + 2.3333 + 2.3334.
        let ids = (1...3).map { ResourceID("/subscriptions/s/resourceGroups/g/providers/T/x/r\($0)") }
        let moves = AssessmentMoves(ids.map { ($0, "s", ["a": Self.unhealthy], ["a": Self.healthy]) })
        var from = Self.side(healthy: 0, unhealthy: 3)
        from.scores[0].controls[0].maxScore = 7
        var to = Self.side(healthy: 3, unhealthy: 0)
        to.scores[0].controls[0].maxScore = 7
        var tenant = TenantSnapshot(Self.tenant)
        tenant.put([
            "id": "/providers/Microsoft.Security/secureScoreControlDefinitions/c", "name": "c",
            "type": "Microsoft.Security/secureScoreControlDefinitions",
            "properties": [
                "displayName": "control c", "maxScore": 7,
                "assessmentDefinitions": [["id": "/providers/Microsoft.Security/assessmentMetadata/a"]],
            ],
        ])
        let delta = ScoreDelta.replay(
            from: from, to: to, moves: moves, catalog: RecommendationCatalog(tenant: try! tenant.tenant()),
            existedBefore: { _ in true }, existsAfter: { _ in true })
        #expect(delta.changes.map(\.pointUnits) == [23_333, 23_334, 23_333])
        #expect(delta.totalDeltaUnits == 70_000)
    }

    @Test(
        arguments: [
            (nil, healthy, false, true, ScoreChange.Cause.newResource),
            (nil, healthy, true, true, .recommendationAdded),
            (healthy, nil, true, false, .deletedResource),
            (healthy, nil, true, true, .recommendationRemoved),
            (
                unhealthy, AssessmentStatus(status: .notApplicable, cause: "Exempt", exemptionCategory: .waiver), true,
                true, .exemptionGranted
            ),
            (
                AssessmentStatus(status: .notApplicable, cause: "Exempt", exemptionCategory: .mitigated), unhealthy,
                true, true, .exemptionExpired
            ),
            (healthy, AssessmentStatus(status: .notApplicable, cause: "OffByPolicy"), true, true, .policyDisabled),
            (
                AssessmentStatus(status: .notApplicable, cause: "OffByPolicy"), unhealthy, true, true,
                .recommendationAdded
            ),
            (unhealthy, healthy, true, true, .fixed),
            (unhealthy, AssessmentStatus(status: .notApplicable), true, true, .fixed),
            (healthy, unhealthy, true, true, .regressed),
            (healthy, AssessmentStatus(status: .notApplicable), true, true, .regressed),
        ] as [(AssessmentStatus?, AssessmentStatus?, Bool, Bool, ScoreChange.Cause)])
    func causes(
        before: AssessmentStatus?, after: AssessmentStatus?, existed: Bool, exists: Bool, cause: ScoreChange.Cause
    ) {
        #expect(
            ScoreChange.Cause.of(before: before, after: after, existedBefore: existed, existsAfter: exists) == cause)
    }
}
