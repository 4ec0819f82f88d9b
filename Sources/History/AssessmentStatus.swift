import Defender
import PolicyModel

/// What an assessment said, as far as the score and its causes are concerned.
package struct AssessmentStatus: Sendable, Hashable {
    package var status: Assessment.Status
    /// `status.cause`: `Exempt`, `OffByPolicy`, …
    package var cause: String?
    package var exemptionCategory: PolicyExemption.Category?

    package init(status: Assessment.Status, cause: String? = nil, exemptionCategory: PolicyExemption.Category? = nil) {
        self.status = status
        self.cause = cause
        self.exemptionCategory = exemptionCategory
    }

    /// What the score makes of it under the current rule: Mitigated exemptions count healthy.
    package var scoredStatus: Assessment.Status { scoredStatus(mitigated: .healthy) }

    /// What the score makes of it when Mitigated exemptions count as `mitigated` says.
    package func scoredStatus(mitigated: MitigatedExemptions) -> Assessment.Status {
        status == .notApplicable && exemptionCategory == .mitigated && mitigated == .healthy ? .healthy : status
    }
}
