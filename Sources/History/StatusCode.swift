import Defender
import PolicyModel

/// An assessment's status in one integer, as the history stores it: status (0 healthy,
/// 1 unhealthy, 2 not applicable) in bits 0–1, exemption category (0 none, 1 Waiver,
/// 2 Mitigated) in bits 2–3, the cause's text id from bit 4. Two codes are equal exactly when
/// the statuses are; `none` stands for no assessment.
package struct StatusCode: Sendable, Hashable {
    let bits: UInt64

    init(bits: UInt64) {
        self.bits = bits
    }

    /// An `assessments` row's code, computed by SQLite.
    static let column = """
        (CASE status WHEN 'Healthy' THEN 0 WHEN 'Unhealthy' THEN 1 ELSE 2 END)
        | ((CASE exemption_category WHEN 'Waiver' THEN 1 WHEN 'Mitigated' THEN 2 ELSE 0 END) << 2)
        | (IFNULL(cause, 0) << 4)
        """

    /// No assessment of that resource by that recommendation.
    package static let none = StatusCode(bits: .max)

    package var exists: Bool { self != .none }

    /// What the score makes of it under the current rule (Mitigated exemptions count healthy); nil for `none`.
    package var scored: Assessment.Status? { scored(mitigated: .healthy) }

    /// What the score makes of it when Mitigated exemptions count as `mitigated` says (healthy, or
    /// left out like Waivers), as `Assessment.scoredStatus(mitigated:)`; nil for `none`.
    package func scored(mitigated: MitigatedExemptions) -> Assessment.Status? {
        guard exists else { return nil }
        switch bits & 3 {
        case 0: return .healthy
        case 1: return .unhealthy
        default: return (bits >> 2) & 3 == 2 && mitigated == .healthy ? .healthy : .notApplicable
        }
    }

    var causeId: Int64 { Int64(bits >> 4) }

    /// The code of `status`, whose cause has text id `cause` (0: none).
    init(_ status: AssessmentStatus, cause: Int64) {
        self.init(stored: status.status.rawValue, cause: cause, category: status.exemptionCategory?.rawValue)
    }

    /// The code of a stored row: status and category as stored, the cause's text id (the same
    /// mapping as `column`).
    init(stored status: String, cause: Int64?, category: String?) {
        let value: UInt64 = status == "Healthy" ? 0 : status == "Unhealthy" ? 1 : 2
        let categoryBits: UInt64 = category == "Waiver" ? 1 : category == "Mitigated" ? 2 : 0
        bits = value | categoryBits << 2 | UInt64(cause ?? 0) << 4
    }

    /// The status, with the cause's text looked up by `text`; nil for `none`.
    func decode(_ text: (Int64) throws -> String) rethrows -> AssessmentStatus? {
        guard exists else { return nil }
        let category = (bits >> 2) & 3
        return AssessmentStatus(
            status: bits & 3 == 0 ? .healthy : bits & 3 == 1 ? .unhealthy : .notApplicable,
            cause: causeId == 0 ? nil : try text(causeId),
            exemptionCategory: category == 1 ? .waiver : category == 2 ? .mitigated : nil)
    }
}
