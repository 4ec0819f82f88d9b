import Defender
import Foundation
import JSONCore
import PolicyModel
import Testing

@Suite struct ReconcilerTests {
    typealias F = DefenderFixture

    func reconcile(_ input: DefenderInput, custom: Bool = false) throws -> [Assessment] {
        Reconciler(catalog: try F.catalog(custom: custom)).assessments(input)
    }

    @Test(arguments: [
        (ComplianceState.compliant, Assessment.Status.healthy, nil as String?),
        (.nonCompliant, .unhealthy, nil),
        (.error, .unhealthy, "EvaluationError"),
        (.unknown, .notApplicable, "Manual"),
        (.conflict, .notApplicable, "Conflict"),
        (.protected, .notApplicable, "Protected"),
    ])
    func mapsEachComplianceState(state: ComplianceState, status: Assessment.Status, cause: String?) throws {
        let result = try reconcile(DefenderInput(states: [F.state(F.resource(1), F.policyA, state)], at: F.at))
        #expect(result.count == 1)
        #expect(result.first?.status == status)
        #expect(result.first?.cause == cause)
        #expect(result.first?.key == F.keyA)
    }

    /// Seed 000 (figure 3): an exempted assessment is NotApplicable with cause Exempt and a description.
    @Test func exemptIsNotApplicableNamingTheExemptionAndCategory() throws {
        let state = F.state(F.resource(1), F.policyA, .exempt, exemption: F.exemption(.waiver))
        let a = try #require(try reconcile(DefenderInput(states: [state], at: F.at)).first)
        #expect(a.status == .notApplicable)
        #expect(a.cause == "Exempt")
        #expect(a.description == "Exempt (Waiver) by policy exemption 'ex-Waiver'")
        #expect(a.exemptionCategory == .waiver)
    }

    @Test func anyNonCompliantAssignmentWins() throws {
        let states = [
            F.state(F.resource(1), F.policyA, .compliant),
            F.state(F.resource(1), F.policyA, .nonCompliant, assignment: F.other),
        ]
        let a = try #require(try reconcile(DefenderInput(states: states, at: F.at)).first)
        #expect(a.status == .unhealthy)
        #expect(a.origin == .policy(assignments: [F.assignment, F.other].sorted()))
    }

    /// Microsoft documents no rank for several assignments feeding one recommendation ("Azure Policy
    /// compliance states", https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states,
    /// ranks Compliant above Error for Policy's own roll-up). Defender here keeps Error above Compliant
    /// (Docs/Semantics.md, "Defender"), while Policy's roll-up follows the documented rank.
    @Test func errorInOneAssignmentOutranksCompliantInAnotherUnlikePolicysRollUp() throws {
        let states = [
            F.state(F.resource(1), F.policyA, .compliant),
            F.state(F.resource(1), F.policyA, .error, assignment: F.other),
        ]
        let a = try #require(try reconcile(DefenderInput(states: states, at: F.at)).first)
        #expect(a.status == .unhealthy && a.cause == "EvaluationError")
        #expect(ComplianceSummary(states: states).resources.values.first == .compliant)
        #expect(ComplianceState.error.defenderRank < ComplianceState.compliant.defenderRank)
    }

    @Test func compliantInOneAssignmentOutranksExemptInAnother() throws {
        let states = [
            F.state(F.resource(1), F.policyA, .exempt, exemption: F.exemption(.waiver)),
            F.state(F.resource(1), F.policyA, .compliant, assignment: F.other),
        ]
        #expect(try reconcile(DefenderInput(states: states, at: F.at)).first?.status == .healthy)
    }

    @Test func disabledPolicyIsOffByPolicy() throws {
        let disabled = DisabledPolicy(
            resourceId: F.resource(1), subscriptionId: "s1", policyAssignmentId: F.assignment,
            policyDefinitionId: F.policyB)
        let a = try #require(try reconcile(DefenderInput(states: [], disabled: [disabled], at: F.at)).first)
        #expect(a.status == .notApplicable)
        #expect(a.cause == "OffByPolicy")
        #expect(a.key == F.keyB)
    }

    @Test func nativeFindingWinsOverAPolicyStateForTheSameKeyButNotOverAnExemption() throws {
        let finding = Finding(
            key: F.keyA, resourceId: F.resource(1), status: .unhealthy, cause: nil, description: nil, json: .null)
        let fromPolicy = F.state(F.resource(1), F.policyA, .compliant)
        let a = try #require(try reconcile(DefenderInput(states: [fromPolicy], findings: [finding], at: F.at)).first)
        #expect(a.status == .unhealthy)
        #expect(a.origin == .native)
        let exempt = F.state(F.resource(1), F.policyA, .exempt, exemption: F.exemption(.mitigated))
        let b = try #require(try reconcile(DefenderInput(states: [exempt], findings: [finding], at: F.at)).first)
        #expect(b.cause == "Exempt")
    }

    @Test func datesCarryOverUntilTheStatusChanges() throws {
        let day1 = F.at
        let day2 = day1.addingTimeInterval(86_400)
        let day3 = day2.addingTimeInterval(86_400)
        let first = try reconcile(DefenderInput(states: [F.state(F.resource(1), F.policyA, .nonCompliant)], at: day1))
        let second = try reconcile(
            DefenderInput(states: [F.state(F.resource(1), F.policyA, .nonCompliant)], previous: first, at: day2))
        #expect(second.first?.firstEvaluationDate == day1)
        #expect(second.first?.statusChangeDate == day1)
        let third = try reconcile(
            DefenderInput(states: [F.state(F.resource(1), F.policyA, .compliant)], previous: second, at: day3))
        #expect(third.first?.firstEvaluationDate == day1)
        #expect(third.first?.statusChangeDate == day3)
    }

    @Test func customPolicyBecomesACustomRecommendationOutsideTheScore() throws {
        let catalog = try F.catalog(custom: true)
        let a = try #require(
            Reconciler(catalog: catalog).assessments(
                DefenderInput(states: [F.state(F.resource(1), F.customPolicy, .nonCompliant)], at: F.at)
            ).first)
        let recommendation = try #require(catalog[a.key])
        #expect(recommendation.assessmentType == .customPolicy)
        #expect(recommendation.severity == "High")
        #expect(catalog.scoredControl(of: a.key) == nil)
    }
}
