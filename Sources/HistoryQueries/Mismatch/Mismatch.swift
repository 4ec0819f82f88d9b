import Defender
import Foundation
import PolicyModel

/// One place where Azure Policy and Defender for Cloud disagree at an instant (the "results
/// mismatch" users ask about), with when the disagreement began and, when history already holds
/// the cycle that settles it, when it is expected to end.
package struct Mismatch: Sendable, Hashable {
    /// Which side is ahead.
    package enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Policy states changed; Defender has not reconciled them yet.
        case policyToDefender
        /// Defender published its own result (a native assessment); the policy that reads it has not run since.
        case defenderToPolicy

        /// `policy→Defender` or `Defender→policy`, for people.
        package var label: String {
            switch self {
            case .policyToDefender: "policy→Defender"
            case .defenderToPolicy: "Defender→policy"
            }
        }
    }

    package let direction: Direction
    package let resourceId: ResourceID
    /// The recommendation's assessment key.
    package let recommendationKey: String
    /// The recommendation's display name (the key when the catalog does not know it).
    package let recommendationName: String
    /// The policy state on the policy side: the strongest state feeding the recommendation
    /// (policy → Defender), or the state of the policy reading Defender's assessment
    /// (Defender → policy). Nil when policy has no state for the pair.
    package let policyState: PolicyState?
    /// Policy → Defender: the assessment Defender's reconciliation gives from the policy states
    /// visible at the instant; nil when they give none (the resource or policy is gone).
    package let reconciled: Assessment?
    /// The assessment Defender shows at the instant; nil when it shows none.
    package let defender: Assessment?
    /// When the newer side changed: the visibility of the policy cycle that first showed the state
    /// (policy → Defender), or of the Defender cycle that published the status (Defender → policy).
    package let since: Date
    /// When the lagging side's next cycle makes its results visible, if history holds that cycle.
    package let expectedResolution: Date?
}
