import Foundation
import PolicyModel

/// Defender's cycle as a pure function: policy states, Defender's own findings and the
/// previous assessments in; one assessment per (recommendation, resource) out.
///
/// Rules (Docs/Semantics.md, "Defender"):
/// - Compliant → Healthy; NonCompliant → Unhealthy; Exempt → NotApplicable, cause `Exempt`,
///   naming the exemption and its category; Error → Unhealthy, cause `EvaluationError` (an
///   implicit deny must not vanish from view); Unknown (manual effect) → NotApplicable, cause `Manual`.
/// - Several assignments feeding one recommendation combine by ``ComplianceState/defenderRank``
///   (Microsoft documents no rank here): any NonCompliant wins, then Error, Compliant, Conflict,
///   Protected, Exempt, Unknown. Protected (denyAction) → NotApplicable, cause `Protected`.
/// - A policy set to Disabled by every assignment that carries it → NotApplicable, cause `OffByPolicy`.
/// - A Defender-native finding is the recommendation's result and wins over policy states for the
///   same key, except that an exemption (an Exempt state) is still honoured.
package struct Reconciler: Sendable {
    package let catalog: RecommendationCatalog

    package init(catalog: RecommendationCatalog) {
        self.catalog = catalog
    }

    /// The assessments of one cycle, sorted by resource id then assessment key.
    ///
    /// The inputs are ordered by resource (`Contributions`) and reconciled one resource at a time, so
    /// the cycle holds the verdicts of one resource, not of every (resource, recommendation) pair.
    package func assessments(_ input: DefenderInput) -> [Assessment] {
        let contributions = Contributions(input)
        var previous = PreviousAssessments(input.previous)
        var descriptions = ExemptDescriptions()
        var result: [Assessment] = []
        result.reserveCapacity(contributions.count)
        contributions.forEachResource { group in
            var verdicts: [String: Verdict] = [:]
            for contribution in group {
                switch contribution {
                case .state(let i):
                    let state = input.states[i]
                    for key in catalog.keys(forPolicy: state.policyDefinitionId) {
                        verdicts[key, default: Verdict(state.resourceId, state.subscriptionId)].add(state)
                    }
                case .disabled(let i):
                    let disabled = input.disabled[i]
                    for key in catalog.keys(forPolicy: disabled.policyDefinitionId) {
                        verdicts[key, default: Verdict(disabled.resourceId, disabled.subscriptionId)].disabled = true
                    }
                case .finding(let i):
                    let finding = input.findings[i]
                    let subscription = finding.resourceId.subscriptionId ?? ""
                    verdicts[finding.key, default: Verdict(finding.resourceId, subscription)].finding = finding
                }
            }
            for (key, verdict) in verdicts.sorted(by: { $0.key < $1.key }) {
                guard var assessment = verdict.assessment(key: key, at: input.at, descriptions: &descriptions)
                else { continue }
                if let before = previous.next(assessment.pairKey) {
                    assessment.firstEvaluationDate = before.firstEvaluationDate
                    assessment.statusChangeDate =
                        before.status == assessment.status && before.cause == assessment.cause
                        ? before.statusChangeDate : input.at
                }
                result.append(assessment)
            }
        }
        return result
    }
}
