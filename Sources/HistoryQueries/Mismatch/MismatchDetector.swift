import Defender
import Foundation
import JSONCore
import PolicyModel

/// The pure comparisons behind `Mismatch`, for one tenant version: what Defender's reconciliation
/// makes of policy states, which pairs disagree with what Defender shows, and which policies read
/// Defender's own assessments.
struct MismatchDetector {
    /// Defender's result for a pair as far as a mismatch is concerned: status and cause.
    struct Outcome: Hashable {
        let status: Assessment.Status
        let cause: String?

        init(_ assessment: Assessment) {
            status = assessment.status
            cause = assessment.cause
        }
    }

    let tenant: Tenant
    let catalog: RecommendationCatalog
    /// Definitions whose AuditIfNotExists/DeployIfNotExists reads `Microsoft.Security/assessments`
    /// of a literal name: the assessment key each one reads.
    let readers: [ResourceID: String]

    init(tenant: Tenant) {
        self.tenant = tenant
        catalog = RecommendationCatalog(tenant: tenant)
        var readers: [ResourceID: String] = [:]
        for definition in tenant.policyDefinitions {
            guard let details = definition.json["properties"]?["policyRule"]?["then"]?["details"],
                details["type"]?.stringValue?.equalsIgnoringASCIICase(Finding.resourceType) == true,
                let name = details["name"]?.stringValue, !name.hasPrefix("[")
            else { continue }
            readers[definition.id] = name.lowercased()
        }
        self.readers = readers
    }

    /// Defender's reconciliation of `results` (with the tenant's findings, and `previous` to carry
    /// dates), keeping the pairs fed by policy. `resources` limits it to these resources.
    func reconcile(_ results: PolicyResults, previous: [Assessment], at: Date, resources: Set<ResourceID>? = nil)
        -> [Assessment.PairKey: Assessment]
    {
        var states = results.states
        var disabled = results.disabled
        if let resources {
            states = states.filter { resources.contains($0.resourceId) }
            disabled = disabled.filter { resources.contains($0.resourceId) }
        }
        let assessments = Reconciler(catalog: catalog).assessments(
            DefenderInput(states: states, disabled: disabled, findings: tenant.findings, previous: previous, at: at))
        var byPair: [Assessment.PairKey: Assessment] = [:]
        for a in assessments where a.origin != .native { byPair[a.pairKey] = a }
        return byPair
    }

    /// Pairs where the reconciliation and what Defender shows differ in status or cause: a
    /// reconciled pair Defender shows otherwise or not at all, or a policy-fed assessment Defender
    /// still shows although the states no longer give one (and no finding does either).
    func disagreements(reconciled: [Assessment.PairKey: Assessment], shown: [Assessment]) -> [Assessment.PairKey] {
        let shownByPair = Dictionary(shown.map { ($0.pairKey, $0) }) { a, _ in a }
        let native = Set(tenant.findings.map { Assessment.PairKey(resource: $0.resourceId.key, assessment: $0.key) })
        var pairs: [Assessment.PairKey] = []
        for (pair, expected) in reconciled where shownByPair[pair].map(Outcome.init) != Outcome(expected) {
            pairs.append(pair)
        }
        for a in shown where a.origin != .native && reconciled[a.pairKey] == nil && !native.contains(a.pairKey) {
            pairs.append(a.pairKey)
        }
        return pairs.sorted()
    }

    /// The strongest state feeding the recommendation on the resource (roll-up rank, then the
    /// smallest assignment id, as the reconciliation picks it).
    func feedingState(_ pair: Assessment.PairKey, in states: [PolicyState]) -> PolicyState? {
        states.filter {
            $0.resourceId.key == pair.resource
                && catalog.keys(forPolicy: $0.policyDefinitionId).contains(pair.assessment)
        }
        .min { a, b in
            let (x, y) = (a.complianceState.defenderRank, b.complianceState.defenderRank)
            return (x, a.policyAssignmentId) < (y, b.policyAssignmentId)
        }
    }

    /// States of policies reading a native assessment Defender shows, where the two disagree:
    /// Healthy or NotApplicable against NonCompliant, Unhealthy against Compliant.
    func nativeDisagreements(states: [PolicyState], shown: [Assessment]) -> [(
        state: PolicyState, assessment: Assessment
    )] {
        let native = Dictionary(shown.filter { $0.origin == .native }.map { ($0.pairKey, $0) }) { a, _ in a }
        var found: [(state: PolicyState, assessment: Assessment)] = []
        for state in states {
            guard let key = readers[state.policyDefinitionId],
                let assessment = native[Assessment.PairKey(resource: state.resourceId.key, assessment: key)]
            else { continue }
            let expected: ComplianceState = assessment.status == .unhealthy ? .nonCompliant : .compliant
            if (state.complianceState == .compliant || state.complianceState == .nonCompliant),
                state.complianceState != expected
            {
                found.append((state, assessment))
            }
        }
        return found
    }

    /// The recommendation's display name, or its key.
    func displayName(_ key: String) -> String {
        catalog[key]?.displayName ?? key
    }
}
