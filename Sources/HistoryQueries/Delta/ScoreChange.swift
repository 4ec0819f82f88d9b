import Defender
import Foundation
import History
import PolicyModel

/// One (resource, recommendation) whose assessment moved between two instants, why, and what it
/// did to its subscription's secure score.
package struct ScoreChange: Sendable, Equatable {
    /// Why an assessment moved.
    package enum Cause: String, Sendable, CaseIterable {
        /// Towards healthy: unhealthy → healthy, or out of unhealthy.
        case fixed
        /// Away from healthy: healthy → unhealthy, or into unhealthy.
        case regressed
        /// The resource did not exist at the first instant.
        case newResource
        /// The resource no longer exists at the second instant.
        case deletedResource
        /// An exemption now covers it (NotApplicable, cause `Exempt`).
        case exemptionGranted
        /// The exemption that covered it expired or was removed.
        case exemptionExpired
        /// The recommendation now assesses this existing resource: an assignment, an initiative or
        /// an effect parameter started feeding it.
        case recommendationAdded
        /// The recommendation no longer assesses this resource, which still exists.
        case recommendationRemoved
        /// The policy behind it was set to `Disabled` (NotApplicable, cause `OffByPolicy`).
        case policyDisabled

        /// The cause of a move from `before` to `after` (nil = no assessment), given whether the
        /// resource existed at each instant. The first rule that applies wins, in this order:
        /// appearance and disappearance, exemptions, disabling, then the scored direction (Mitigated
        /// exemptions counted as `mitigated` says).
        package static func of(
            before: AssessmentStatus?, after: AssessmentStatus?, existedBefore: Bool, existsAfter: Bool,
            mitigated: MitigatedExemptions = .healthy
        ) -> Cause {
            guard let before else { return existedBefore ? .recommendationAdded : .newResource }
            guard let after else { return existsAfter ? .recommendationRemoved : .deletedResource }
            if after.cause == "Exempt" { return .exemptionGranted }
            if before.cause == "Exempt" { return .exemptionExpired }
            if after.cause == "OffByPolicy" { return .policyDisabled }
            if before.cause == "OffByPolicy" { return .recommendationAdded }
            if after.scoredStatus(mitigated: mitigated) == .healthy
                || before.scoredStatus(mitigated: mitigated) == .unhealthy
            {
                return .fixed
            }
            return .regressed
        }
    }

    package var resourceId: ResourceID
    package var subscriptionId: String
    package var assessmentKey: String
    /// The recommendation's display name, when the catalog knows it.
    package var recommendation: String?
    /// The secure score control the recommendation counts in; nil when it is not scored.
    package var control: String?
    package var cause: Cause
    package var before: AssessmentStatus?
    package var after: AssessmentStatus?
    /// Its effect on the subscription's score, in ten-thousandths of a point (exact sums).
    package var pointUnits: Int
    /// When Defender showed the move: the visibility of the cycle in which it happened.
    package var movedAt: Date?

    /// Its effect on the subscription's score, in points.
    package var points: Double { Double(pointUnits) / Double(ScoreDelta.unitsPerPoint) }
}
