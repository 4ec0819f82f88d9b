import Defender
import Foundation
import PolicyModel

/// The second half of `posture demo`: the tenant evaluated on the spot — policy compliance,
/// Defender's assessments, the secure score and where it would rise most — and what to try next.
struct DemoEvaluation {
    let source: ResultSource

    func render(tenantPath: String) -> String {
        var out: [String] = []
        let states = source.results.states
        let counts = ComplianceState.allCases.compactMap { c -> String? in
            let n = states.filter { $0.complianceState == c }.count
            return n > 0 ? "\(n) \(c.rawValue)" : nil
        }
        out.append("Azure Policy, evaluated at \(ISO8601.format(source.at))")
        out.append("  \(states.count) policy states: " + counts.joined(separator: ", "))
        let compliant = states.filter { [.compliant, .exempt, .unknown].contains($0.complianceState) }.count
        if !states.isEmpty {
            out.append("  compliance \(Int((Double(compliant) / Double(states.count) * 100).rounded()))% (Compliant + Exempt + Unknown over all states)")
        }
        out.append("")
        let assessments = source.assessments
        let byStatus = Assessment.Status.allCases.map { s in "\(assessments.filter { $0.status == s }.count) \(s.rawValue)" }
        out.append("Defender for Cloud")
        out.append("  \(assessments.count) assessments: " + byStatus.joined(separator: ", "))
        let exempt = assessments.filter { $0.cause == "Exempt" }.count
        let off = assessments.filter { $0.cause == "OffByPolicy" }.count
        out.append("  \(exempt) exempt, \(off) off by policy, \(assessments.filter { $0.origin == .native }.count) evaluated by Defender itself")
        out.append("")
        let calculator = ScoreCalculator(catalog: source.catalog)
        let scores = calculator.scores(assessments, subscriptions: source.tenant.subscriptions.map(\.subscriptionId))
        var output = ScoreOutput(
            scores: scores, increases: calculator.potentialIncreases(assessments), shapes: AzureShapes(catalog: source.catalog),
            aggregateScope: nil)
        output.names = source.subscriptionNames
        out.append(output.render(.table))
        out.append("")
        out.append("Next")
        out.append("  posture states \(tenantPath) --compliance-state NonCompliant")
        out.append("  posture assessments \(tenantPath) --cause Exempt")
        out.append("  posture score \(tenantPath) --format json")
        out.append("  posture run --db posture.sqlite --tenant \(tenantPath) --schedule Schedules/azure-observed.yaml --since 2026-11-01T00:00:00Z")
        out.append("  posture history cycles --db posture.sqlite")
        return out.joined(separator: "\n")
    }
}
