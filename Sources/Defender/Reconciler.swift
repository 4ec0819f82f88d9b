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
    package func assessments(_ input: DefenderInput) -> [Assessment] {
        var verdicts: [Assessment.PairKey: Verdict] = [:]
        verdicts.reserveCapacity(input.states.count)
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
            let subscription = finding.resourceId.subscriptionId ?? ""
            verdicts[pair, default: Verdict(finding.resourceId, subscription)].finding = finding
        }
        let previous = Dictionary(input.previous.map { ($0.pairKey, $0) }) { a, _ in a }
        var result: [Assessment] = []
        result.reserveCapacity(verdicts.count)
        for (pair, verdict) in verdicts {
            guard var assessment = verdict.assessment(key: pair.assessment, at: input.at) else { continue }
            if let before = previous[pair] {
                assessment.firstEvaluationDate = before.firstEvaluationDate
                assessment.statusChangeDate =
                    before.status == assessment.status && before.cause == assessment.cause
                    ? before.statusChangeDate : input.at
            }
            result.append(assessment)
        }
        result.sort { $0.pairKey < $1.pairKey }
        return result
    }
}
