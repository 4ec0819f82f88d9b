import Defender
import PolicyModel

/// What an assessment said, as far as the score and its causes are concerned.
public struct AssessmentStatus: Sendable, Hashable {
    public var status: Assessment.Status
    /// `status.cause`: `Exempt`, `OffByPolicy`, …
    public var cause: String?
    public var exemptionCategory: PolicyExemption.Category?

    public init(status: Assessment.Status, cause: String? = nil, exemptionCategory: PolicyExemption.Category? = nil) {
        self.status = status
        self.cause = cause
        self.exemptionCategory = exemptionCategory
    }

    /// What the score makes of it under the current rule: Mitigated exemptions count healthy.
    public var scoredStatus: Assessment.Status { scoredStatus(mitigated: .healthy) }

    /// What the score makes of it when Mitigated exemptions count as `mitigated` says.
    public func scoredStatus(mitigated: MitigatedExemptions) -> Assessment.Status {
        status == .notApplicable && exemptionCategory == .mitigated && mitigated == .healthy ? .healthy : status
    }
}
