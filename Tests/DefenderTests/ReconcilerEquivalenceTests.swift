import Foundation
import JSONCore
import PolicyModel
import Testing

@testable import Defender

/// The reconciler walks its inputs resource by resource; these tests hold it to the rules stated pair
/// by pair (one verdict per (resource, recommendation) pair, in a dictionary, sorted at the end) on
/// random inputs: ids that differ only in case, duplicate rows, findings, disabled pairs and previous
/// assessments.
@Suite struct ReconcilerEquivalenceTests {
    typealias F = DefenderFixture

    @Test(arguments: 0..<200)
    func matchesThePairByPairReading(seed: Int) throws {
        let catalog = try F.catalog()
        var random = SplitMix64(seed: UInt64(seed))
        let input = Self.input(&random)
        let walked = Reconciler(catalog: catalog).assessments(input)
        let reference = Self.pairByPair(input, catalog: catalog)
        #expect(walked == reference)
        #expect(walked.map(\.resourceId.rawValue) == reference.map(\.resourceId.rawValue))
        #expect(walked.map(\.subscriptionId) == reference.map(\.subscriptionId))
    }

    /// A random cycle's input over a handful of resources in two subscriptions, spelled in two cases.
    static func input(_ random: inout SplitMix64) -> DefenderInput {
        func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        func resource() -> ResourceID {
            let id = F.resource(pick(6), subscription: ["s1", "s2"][pick(2)])
            return pick(4) == 0 ? ResourceID(id.rawValue.uppercased()) : id
        }
        let states: [ComplianceState] = [.compliant, .nonCompliant, .error, .unknown, .conflict, .protected, .exempt]
        let categories: [PolicyExemption.Category] = [.waiver, .mitigated]
        var input = DefenderInput(states: [], at: F.at)
        for _ in 0..<pick(40) {
            let state = states[pick(states.count)]
            input.states.append(
                F.state(
                    resource(), [F.policyA, F.policyB][pick(2)], state,
                    assignment: [F.assignment, F.other][pick(2)],
                    exemption: state == .exempt && pick(3) > 0 ? F.exemption(categories[pick(2)]) : nil))
        }
        for _ in 0..<pick(6) {
            let id = resource()
            input.disabled.append(
                DisabledPolicy(
                    resourceId: id, subscriptionId: id.subscriptionId ?? "", policyAssignmentId: F.assignment,
                    policyDefinitionId: [F.policyA, F.policyB][pick(2)]))
        }
        for _ in 0..<pick(6) {
            input.findings.append(
                Finding(
                    key: [F.nativeKey, F.keyA][pick(2)], resourceId: resource(),
                    status: [.healthy, .unhealthy, .notApplicable][pick(3)], cause: nil, description: nil, json: .null))
        }
        let earlier = F.at.addingTimeInterval(-86_400)
        for _ in 0..<pick(12) {
            let id = resource()
            input.previous.append(
                Assessment(
                    key: [F.keyA, F.keyB, F.nativeKey][pick(3)], resourceId: id,
                    subscriptionId: id.subscriptionId ?? "",
                    status: [.healthy, .unhealthy, .notApplicable][pick(3)],
                    firstEvaluationDate: earlier.addingTimeInterval(Double(-pick(5) * 3600)),
                    statusChangeDate: earlier.addingTimeInterval(Double(pick(5) * 60)), origin: .native))
        }
        return input
    }

    /// The rules read pair by pair: every pair's verdict in one dictionary, the first row of a pair naming
    /// its resource, the first previous assessment of a pair counting, the result sorted.
    static func pairByPair(_ input: DefenderInput, catalog: RecommendationCatalog) -> [Assessment] {
        var verdicts: [Assessment.PairKey: Verdict] = [:]
        for state in input.states {
            for key in catalog.keys(forPolicy: state.policyDefinitionId) {
                let pair = Assessment.PairKey(resource: state.resourceId.key, assessment: key)
                verdicts[pair, default: Verdict(state.resourceId, state.subscriptionId)].add(state)
            }
        }
        for disabled in input.disabled {
            for key in catalog.keys(forPolicy: disabled.policyDefinitionId) {
                let pair = Assessment.PairKey(resource: disabled.resourceId.key, assessment: key)
                verdicts[pair, default: Verdict(disabled.resourceId, disabled.subscriptionId)].disabled = true
            }
        }
        for finding in input.findings {
            let pair = Assessment.PairKey(resource: finding.resourceId.key, assessment: finding.key)
            verdicts[pair, default: Verdict(finding.resourceId, finding.resourceId.subscriptionId ?? "")].finding =
                finding
        }
        let previous = Dictionary(input.previous.map { ($0.pairKey, $0) }) { a, _ in a }
        var descriptions = Reconciler.ExemptDescriptions()
        var result: [Assessment] = []
        for (pair, verdict) in verdicts {
            guard var assessment = verdict.assessment(key: pair.assessment, at: input.at, descriptions: &descriptions)
            else { continue }
            if let before = previous[pair] {
                assessment.firstEvaluationDate = before.firstEvaluationDate
                assessment.statusChangeDate =
                    before.status == assessment.status && before.cause == assessment.cause
                    ? before.statusChangeDate : input.at
            }
            result.append(assessment)
        }
        return result.sorted { $0.pairKey < $1.pairKey }
    }
}
