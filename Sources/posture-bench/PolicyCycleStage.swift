import Foundation
import PolicyEngine
import PolicyModel
import TenantGenerator

/// One policy evaluation cycle, as `posture run` performs it: `TenantEvaluator.evaluate`, every
/// assigned policy against every resource, resource group and subscription its assignment
/// covers, exemptions applied, the tenant's findings published as assessments.
///
/// "Pairs" are (subject, assigned policy) pairs whose assignment covers the subject; the
/// evaluator asks each policy only about the types its rule can apply to.
struct PolicyCycleStage: BenchStage {
    let name = "policy cycle"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant, let policies = state.policies else { return .failed("needs load and compile") }
        let pairs = Self.coveredPairs(TenantEvaluator(tenant: tenant, policies: policies))
        var results: PolicyResults?
        let m = Meter.measure(unit: "pairs") {
            // The evaluator's indexes are built inside the measured time: they are part of a cycle's cost.
            let evaluator = TenantEvaluator(tenant: tenant, policies: policies)
            let published = tenant.findings.map(\.publishedResource)
            results = evaluator.evaluate(
                at: GeneratorOptions.defaultBaseInstant, published: published, threads: state.threads)
            return pairs
        }
        state.results = results
        state.stateCount = results?.states.count
        state.seconds[name] = m.seconds
        if let results {
            let counts = Dictionary(grouping: results.states, by: \.complianceState).mapValues(\.count)
            let summary = ComplianceState.allCases.compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }
            progress(
                "policy cycle: \(pairs) pairs, \(results.states.count) states (\(summary.joined(separator: ", "))), \(results.disabled.count) disabled"
            )
        }
        return .measured(m)
    }

    /// (subject, policy) pairs whose assignment covers the subject.
    static func coveredPairs(_ evaluator: TenantEvaluator) -> Int {
        let byAssignment = Dictionary(grouping: evaluator.policies.entries, by: \.assignment.id).mapValues(\.count)
        var pairs = 0
        for assignment in evaluator.tenant.assignments {
            guard let count = byAssignment[assignment.id] else { continue }
            pairs +=
                count * evaluator.resources.filter { assignment.covers($0, isUnder: evaluator.tenant.isUnder) }.count
        }
        return pairs
    }
}
