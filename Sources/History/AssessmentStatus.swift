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

    /// What the score makes of it: Mitigated exemptions count healthy.
    public var scoredStatus: Assessment.Status {
        status == .notApplicable && exemptionCategory == .mitigated ? .healthy : status
    }
}
