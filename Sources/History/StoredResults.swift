import Defender
import Foundation
import PolicyModel

/// The policy results as they stood after a cycle, rebuilt from the `policy_states` rows valid
/// then, the same whatever the store: fed row by row, sorted by resource and policy at the end.
package struct PolicyResultsBuilder {
    private let resources: [Int64: StoredResource]
    private let policies: [Int64: StoredPolicy]
    private let texts: [Int64: String]
    /// Every cycle's start by its number: a state's timestamp is the start of the cycle that wrote it.
    private let starts: [Int64: Double]
    private var found: [(rank: (Int, Int), state: PolicyState?, disabled: DisabledPolicy?)] = []

    package init(
        resources: [Int64: StoredResource], policies: [Int64: StoredPolicy], texts: [Int64: String],
        starts: [Int64: Double]
    ) {
        self.resources = resources
        self.policies = policies
        self.texts = texts
        self.starts = starts
    }

    /// Adds a `policy_states` row.
    package mutating func add(
        fromSeq: Int64, resource: Int64, policy: Int64, state stateText: String, exemption: Int64?,
        exemptionCategory: String?
    ) throws {
        guard let r = resources[resource], let p = policies[policy] else {
            throw HistoryError(
                .damaged,
                "policy_states refers to resource \(resource) or policy \(policy), which are not in the dictionaries")
        }
        if stateText == StateIntervals.disabledMarker {
            found.append(
                (
                    (r.rank, p.rank), nil,
                    DisabledPolicy(
                        resourceId: r.id, subscriptionId: r.subscriptionId, policyAssignmentId: p.assignmentId,
                        policyDefinitionId: p.definitionId)
                ))
            return
        }
        var reference: PolicyState.ExemptionReference?
        if let id = exemption.flatMap({ texts[$0] }),
            let category = exemptionCategory.flatMap(PolicyExemption.Category.init)
        {
            reference = PolicyState.ExemptionReference(id: ResourceID(id), category: category)
        }
        found.append(
            (
                (r.rank, p.rank),
                PolicyState(
                    timestamp: Date(timeIntervalSince1970: starts[fromSeq] ?? 0), resourceId: r.id,
                    policyAssignmentId: p.assignmentId, policyDefinitionId: p.definitionId,
                    policyDefinitionReferenceId: p.referenceId.isEmpty ? nil : p.referenceId,
                    policySetDefinitionId: p.setId,
                    complianceState: ComplianceState(name: stateText) ?? .unknown, policyDefinitionAction: p.action,
                    subscriptionId: r.subscriptionId, resourceType: r.type, resourceLocation: r.location,
                    resourceGroup: r.group, policyDefinitionGroupNames: p.groupNames, exemption: reference), nil
            ))
    }

    /// The results, sorted by resource and policy.
    package func results() -> PolicyResults {
        let sorted = found.sorted { $0.rank < $1.rank }
        return PolicyResults(states: sorted.compactMap(\.state), disabled: sorted.compactMap(\.disabled))
    }
}

/// The assessments as they stood after a cycle, rebuilt from the `assessments` rows valid then,
/// the same whatever the store: fed row by row, sorted by resource and key at the end.
package struct AssessmentsBuilder {
    private let resources: [Int64: StoredResource]
    private let texts: [Int64: String]
    /// Few distinct values: each parsed once.
    private var origins: [Int64: Assessment.Origin] = [:]
    private var found: [(rank: Int, assessment: Assessment)] = []

    package init(resources: [Int64: StoredResource], texts: [Int64: String]) {
        self.resources = resources
        self.texts = texts
    }

    /// Adds an `assessments` row.
    package mutating func add(
        resource: Int64, key keyId: Int64, status: String, cause: Int64?, description: Int64?,
        exemptionCategory: String?, origin originId: Int64, firstEvaluation: Double, statusChange: Double
    ) throws {
        guard let r = resources[resource], let key = texts[keyId] else {
            throw HistoryError(
                .damaged,
                "assessments refers to resource \(resource) or text \(keyId), which are not in the dictionaries")
        }
        let origin = origins[originId] ?? AssessmentRow.origin(texts[originId] ?? "native")
        origins[originId] = origin
        found.append(
            (
                r.rank,
                Assessment(
                    key: key, resourceId: r.id, subscriptionId: r.subscriptionId,
                    status: Assessment.Status(rawValue: status) ?? .notApplicable,
                    cause: cause.flatMap { texts[$0] }, description: description.flatMap { texts[$0] },
                    firstEvaluationDate: Date(timeIntervalSince1970: firstEvaluation),
                    statusChangeDate: Date(timeIntervalSince1970: statusChange),
                    exemptionCategory: exemptionCategory.flatMap(PolicyExemption.Category.init), origin: origin)
            ))
    }

    /// The assessments, sorted by resource and key.
    package func assessments() -> [Assessment] {
        found.sorted { ($0.rank, $0.assessment.key) < ($1.rank, $1.assessment.key) }.map(\.assessment)
    }
}
