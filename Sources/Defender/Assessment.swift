import Foundation
import PolicyModel

/// Defender's verdict on one resource for one recommendation
/// (`Microsoft.Security/assessments`).
package struct Assessment: Sendable, Hashable {
    /// `properties.status.code`.
    package enum Status: String, Sendable, Hashable, CaseIterable {
        case healthy = "Healthy"
        case unhealthy = "Unhealthy"
        case notApplicable = "NotApplicable"
    }

    /// Where the verdict came from.
    package enum Origin: Sendable, Hashable {
        /// Policy states of these assignments.
        case policy(assignments: [ResourceID])
        /// Defender's own evaluation (a finding), published as an assessment resource.
        case native
    }

    /// The recommendation's assessment key (a GUID); the assessment's `name`.
    package var key: String
    package var resourceId: ResourceID
    package var subscriptionId: String
    package var status: Status
    /// `status.cause`: `Exempt`, `OffByPolicy`, … ; nil for plain results.
    package var cause: String?
    /// `status.description`.
    package var description: String?
    package var firstEvaluationDate: Date
    package var statusChangeDate: Date
    /// For `Exempt` assessments, the exemption's category: the score leaves Waivers out and counts Mitigated as healthy.
    package var exemptionCategory: PolicyExemption.Category?
    package var origin: Origin

    package init(
        key: String, resourceId: ResourceID, subscriptionId: String, status: Status, cause: String? = nil,
        description: String? = nil, firstEvaluationDate: Date, statusChangeDate: Date,
        exemptionCategory: PolicyExemption.Category? = nil, origin: Origin
    ) {
        self.key = key
        self.resourceId = resourceId
        self.subscriptionId = subscriptionId
        self.status = status
        self.cause = cause
        self.description = description
        self.firstEvaluationDate = firstEvaluationDate
        self.statusChangeDate = statusChangeDate
        self.exemptionCategory = exemptionCategory
        self.origin = origin
    }

    /// `<resource id>/providers/Microsoft.Security/assessments/<key>`.
    package var id: String { Finding.assessmentId(key: key, on: resourceId).rawValue }

    /// The identity of an assessment across cycles: (resource, recommendation).
    package var pairKey: PairKey { PairKey(resource: resourceId.key, assessment: key) }

    /// What the score makes of this assessment under the current documented rule: Mitigated
    /// exemptions count healthy, Waivers and other not-applicable results are left out.
    package var scoredStatus: Status { scoredStatus(mitigated: .healthy) }

    /// What the score makes of this assessment when Mitigated exemptions count as `mitigated` says:
    /// healthy (the current rule), or left out like Waivers (the 2021-11 to 2026-01 reading).
    package func scoredStatus(mitigated: MitigatedExemptions) -> Status {
        if status == .notApplicable, exemptionCategory == .mitigated, mitigated == .healthy { return .healthy }
        return status
    }

    /// (lower-cased resource id, assessment key).
    package struct PairKey: Sendable, Hashable, Comparable {
        package var resource: String
        package var assessment: String

        package init(resource: String, assessment: String) {
            self.resource = resource
            self.assessment = assessment
        }

        package static func < (lhs: PairKey, rhs: PairKey) -> Bool {
            (lhs.resource, lhs.assessment) < (rhs.resource, rhs.assessment)
        }
    }
}
