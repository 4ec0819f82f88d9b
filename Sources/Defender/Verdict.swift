import Foundation
import PolicyModel

/// Everything known about one (resource, recommendation) pair during a reconciliation.
struct Verdict {
    let resourceId: ResourceID
    let subscriptionId: String
    /// What the verdict needs of the strongest policy state seen so far, by roll-up rank: a cycle
    /// holds one verdict per (resource, recommendation) pair, so not the whole state.
    private(set) var strongest: Strongest?
    private(set) var assignments: [ResourceID] = []
    var disabled = false
    var finding: Finding?

    init(_ resourceId: ResourceID, _ subscriptionId: String) {
        self.resourceId = resourceId
        self.subscriptionId = subscriptionId
    }

    /// Keeps the strongest state by ``ComplianceState/defenderRank``; between equally strong ones, the one
    /// of the smallest assignment
    /// id, so that the verdict does not depend on the order states arrive in.
    mutating func add(_ state: PolicyState) {
        if !assignments.contains(state.policyAssignmentId) { assignments.append(state.policyAssignmentId) }
        if let current = strongest {
            if current.complianceState.defenderRank < state.complianceState.defenderRank { return }
            if current.complianceState == state.complianceState, current.policyAssignmentId <= state.policyAssignmentId
            {
                return
            }
        }
        strongest = Strongest(
            complianceState: state.complianceState, policyAssignmentId: state.policyAssignmentId,
            exemption: state.exemption)
    }

    /// The fields of a policy state a verdict reads.
    struct Strongest {
        let complianceState: ComplianceState
        let policyAssignmentId: ResourceID
        let exemption: PolicyState.ExemptionReference?
    }

    /// The assessment of this verdict's pair; `descriptions` makes the text of an `Exempt` one.
    func assessment(key: String, at: Date, descriptions: inout Reconciler.ExemptDescriptions) -> Assessment? {
        var a = Assessment(
            key: key, resourceId: resourceId, subscriptionId: subscriptionId, status: .notApplicable,
            firstEvaluationDate: at, statusChangeDate: at, origin: .policy(assignments: assignments.sorted()))
        // An exemption is honoured even over a native finding.
        if let state = strongest, state.complianceState == .exempt {
            describeExempt(state, into: &a, descriptions: &descriptions)
            return a
        }
        if let finding {
            a.origin = .native
            a.status = Assessment.Status(rawValue: finding.status.rawValue) ?? .notApplicable
            a.cause = finding.cause
            a.description = finding.description
            return a
        }
        guard let state = strongest else {
            guard disabled else { return nil }
            a.cause = "OffByPolicy"
            a.description = "The policy behind this recommendation is set to Disabled by its assignment."
            return a
        }
        switch state.complianceState {
        case .compliant:
            a.status = .healthy
        case .nonCompliant:
            a.status = .unhealthy
        case .error:
            a.status = .unhealthy
            a.cause = "EvaluationError"
            a.description = "Azure Policy could not evaluate the resource; an evaluation error counts as non-compliant."
        case .unknown:
            a.cause = "Manual"
            a.description = "The policy's manual effect awaits an attestation."
        case .conflict:
            a.cause = "Conflict"
            a.description = "Assignments of this policy disagree on its parameters."
        case .protected:
            a.cause = "Protected"
            a.description = "A denyAction assignment protects the resource from deletion."
        case .exempt:
            describeExempt(state, into: &a, descriptions: &descriptions)
        }
        return a
    }

    private func describeExempt(
        _ state: Strongest, into a: inout Assessment, descriptions: inout Reconciler.ExemptDescriptions
    ) {
        a.status = .notApplicable
        a.cause = "Exempt"
        a.exemptionCategory = state.exemption?.category
        if let exemption = state.exemption {
            a.description = descriptions.of(exemption)
        } else {
            a.description = "Exempt by a policy exemption"
        }
    }
}
