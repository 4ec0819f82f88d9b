import Defender
import Foundation
import PolicyModel
import Testing

@Suite struct ScoreCalculatorTests {
    typealias F = DefenderFixture

    func assessments(_ states: [PolicyState], findings: [Finding] = []) throws -> [Assessment] {
        Reconciler(catalog: try F.catalog()).assessments(DefenderInput(states: states, findings: findings, at: F.at))
    }

    /// "Secure score in Defender for Cloud", the worked example: a control worth 6 points with
    /// 4 healthy resources of 78 scores 6 × 4 / 78 = 0.31.
    @Test func microsoftWorkedExample() throws {
        let states = (0..<78).map { F.state(F.resource($0), F.policyA, $0 < 4 ? .compliant : .nonCompliant) }
        let score = try #require(ScoreCalculator(catalog: try F.catalog(max: 6)).scores(try assessments(states)).first)
        let control = try #require(score.controls.first)
        #expect(control.healthy == 4 && control.unhealthy == 74)
        #expect((control.score.current * 100).rounded() / 100 == 0.31)
        #expect(score.score.percentage == 0.0513)
    }

    @Test func aResourceIsHealthyOnlyIfAllItsRecommendationsInTheControlAre() throws {
        let states = [
            F.state(F.resource(1), F.policyA, .compliant), F.state(F.resource(1), F.policyB, .nonCompliant),
            F.state(F.resource(2), F.policyA, .compliant), F.state(F.resource(2), F.policyB, .compliant),
        ]
        let control = try #require(
            ScoreCalculator(catalog: try F.catalog()).scores(try assessments(states)).first?.controls.first)
        #expect(control.healthy == 1 && control.unhealthy == 1)
        #expect(control.score.current == 3)
    }

    @Test func aControlWithNothingHealthyOrUnhealthyIsDroppedFromTheMax() throws {
        let states = [F.state(F.resource(1), F.policyA, .exempt, exemption: F.exemption(.waiver))]
        let score = try #require(ScoreCalculator(catalog: try F.catalog()).scores(try assessments(states)).first)
        #expect(score.controls.first?.notApplicable == 1)
        #expect(score.score.max == 0 && score.score.percentage == 0)
    }

    /// Waiver: left out of the calculation. Mitigated: counted healthy. On the same resources,
    /// they move the score in opposite directions.
    @Test func mitigatedAndWaiverMoveTheScoreInOppositeDirections() throws {
        let baseline = [
            F.state(F.resource(1), F.policyA, .compliant), F.state(F.resource(2), F.policyA, .nonCompliant),
            F.state(F.resource(3), F.policyA, .nonCompliant),
        ]
        func ratio(_ category: PolicyExemption.Category?) throws -> Double {
            var states = baseline
            if let category {
                states[2] = F.state(F.resource(3), F.policyA, .exempt, exemption: F.exemption(category))
            }
            return try #require(ScoreCalculator(catalog: try F.catalog()).scores(try assessments(states)).first).score
                .current
        }
        let none = try ratio(nil)  // 1 of 3 healthy: 2 points
        let waiver = try ratio(.waiver)  // 1 of 2: 3 points
        let mitigated = try ratio(.mitigated)  // 2 of 3: 4 points
        #expect(none == 2)
        #expect(waiver == 3)
        #expect(mitigated == 4)
        // And with resource 3 compliant instead, where a waiver takes a healthy resource out:
        var healthyBase = baseline
        healthyBase[2] = F.state(F.resource(3), F.policyA, .compliant)
        let allHealthyButOne = try #require(
            ScoreCalculator(catalog: try F.catalog()).scores(try assessments(healthyBase)).first
        ).score.current
        #expect(allHealthyButOne == 4)
    }

    @Test func subscriptionsCombineWeightedByAssessedResources() throws {
        let states = [
            F.state(F.resource(1, subscription: "s1"), F.policyA, .compliant),
            F.state(F.resource(1, subscription: "s2"), F.policyA, .nonCompliant),
            F.state(F.resource(2, subscription: "s2"), F.policyA, .nonCompliant),
            F.state(F.resource(3, subscription: "s2"), F.policyA, .nonCompliant),
        ]
        let scores = ScoreCalculator(catalog: try F.catalog()).scores(try assessments(states))
        #expect(scores.map(\.weight) == [1, 3])
        let aggregate = AggregateScore(subscriptions: scores)
        // (1.0 × 1 + 0.0 × 3) / 4, not the plain average 0.5.
        #expect(aggregate.ratio == 0.25)
        #expect(aggregate.score.percentage == 0.25)
    }

    @Test func potentialIncreaseCountsOnlyResourcesThatWouldBecomeHealthy() throws {
        let states = [
            F.state(F.resource(1), F.policyA, .nonCompliant), F.state(F.resource(1), F.policyB, .nonCompliant),
            F.state(F.resource(2), F.policyA, .nonCompliant), F.state(F.resource(3), F.policyA, .compliant),
            F.state(F.resource(4), F.policyA, .compliant),
        ]
        let gains = ScoreCalculator(catalog: try F.catalog()).potentialIncreases(try assessments(states))
        let a = try #require(gains.first { $0.assessmentKey == F.keyA })
        let b = try #require(gains.first { $0.assessmentKey == F.keyB })
        #expect(a.unhealthyResources == 2 && a.points == 6.0 / 4)  // only resource 2 turns healthy
        #expect(b.unhealthyResources == 1 && b.points == 0)  // resource 1 still fails a
    }

    /// "Exempt resources from recommendations" (https://learn.microsoft.com/azure/defender-for-cloud/exempt-resource):
    /// since 2026-04 Mitigated resources "count as healthy"; from 2021-11 to 2026-01 a mitigated exemption gave
    /// "no points" and only removed the unhealthy resource, like a Waiver. DOMAIN.md's example: a 6-point control
    /// with 2 healthy, 2 unhealthy and 1 mitigated resource scores 3.60 by the current rule, 3.00 by the older one.
    @Test func mitigatedExemptionsFollowTheChosenReading() throws {
        let states = [
            F.state(F.resource(1), F.policyA, .compliant), F.state(F.resource(2), F.policyA, .compliant),
            F.state(F.resource(3), F.policyA, .nonCompliant), F.state(F.resource(4), F.policyA, .nonCompliant),
            F.state(F.resource(5), F.policyA, .exempt, exemption: F.exemption(.mitigated)),
        ]
        let found = try assessments(states)
        func current(_ reading: MitigatedExemptions) throws -> Double {
            let score = try #require(
                ScoreCalculator(catalog: try F.catalog(max: 6), mitigated: reading).scores(found).first)
            return (score.score.current * 100).rounded() / 100
        }
        #expect(try current(.healthy) == 3.60)
        #expect(try current(.excluded) == 3.00)
        #expect(ScoreCalculator(catalog: try F.catalog()).mitigated == .healthy)
        // Under the older reading the mitigated resource is left out of the control's counts and the weight.
        let older = try #require(
            ScoreCalculator(catalog: try F.catalog(max: 6), mitigated: .excluded).scores(found).first)
        #expect(older.controls.first?.healthy == 2 && older.controls.first?.notApplicable == 1 && older.weight == 4)
    }

    /// "Secure score in Defender for Cloud": several subscriptions combine as a weighted mean by each
    /// subscription's healthy + unhealthy resources; a weight the API reports (`secureScores.weight`) wins.
    @Test func anAPIWeightWinsOverTheComputedOne() throws {
        let states = [
            F.state(F.resource(1, subscription: "s1"), F.policyA, .compliant),
            F.state(F.resource(1, subscription: "s2"), F.policyA, .nonCompliant),
            F.state(F.resource(2, subscription: "s2"), F.policyA, .nonCompliant),
            F.state(F.resource(3, subscription: "s2"), F.policyA, .nonCompliant),
        ]
        let calculator = ScoreCalculator(catalog: try F.catalog())
        let scores = calculator.scores(try assessments(states))
        #expect(calculator.aggregate(scores).ratio == 0.25)
        // The API says s1 weighs 3: (1.0 × 3 + 0.0 × 3) / 6.
        let weighted = calculator.aggregate(scores, apiWeights: ["S1": 3])
        #expect(weighted.ratio == 0.5)
        #expect(weighted.subscriptions.map(\.weight) == [3, 3])
    }
}
