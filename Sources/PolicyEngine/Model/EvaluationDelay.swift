import JSONCore

/// When AuditIfNotExists/DeployIfNotExists check related resources after a create or update request
/// (`details.evaluationDelay`, "Azure Policy definitions auditIfNotExists effect",
/// https://learn.microsoft.com/azure/governance/policy/concepts/effect-audit-if-not-exists). It
/// applies only to evaluations a create or update triggers, never to the standard cycle.
public enum EvaluationDelay: Sendable, Hashable {
    /// A fixed delay, 0 to 360 minutes; the default is 10 minutes (`PT10M`).
    case after(seconds: Int)
    /// `AfterProvisioning`, `AfterProvisioningSuccess` or `AfterProvisioningFailure`: once the
    /// evaluated resource's provisioning ends (provisioning over six hours counts as a failure).
    case afterProvisioning(String)

    /// The documented default, `PT10M`.
    public static let standard = EvaluationDelay.after(seconds: 600)
    /// The longest fixed delay Azure accepts: 360 minutes.
    public static let maximumSeconds = 360 * 60

    /// The delay in seconds a schedule can use: the fixed delay, or for the AfterProvisioning values
    /// zero (provisioning is instantaneous in an inventory of existing resources).
    public var seconds: Int {
        switch self {
        case .after(let seconds): seconds
        case .afterProvisioning: 0
        }
    }

    /// Parses `text`: an AfterProvisioning value (any case) or an ISO 8601 duration of hours, minutes
    /// and seconds (`PT10M`, `PT1H30M`, `PT90S`) between 0 and 360 minutes; nil otherwise.
    public init?(text: String) {
        for name in ["AfterProvisioning", "AfterProvisioningSuccess", "AfterProvisioningFailure"]
        where name.equalsIgnoringASCIICase(text) {
            self = .afterProvisioning(name)
            return
        }
        guard let seconds = Self.durationSeconds(text), seconds <= Self.maximumSeconds else { return nil }
        self = .after(seconds: seconds)
    }

    /// Seconds of `PT[nH][nM][nS]` (digits only, at most 6 per part), or nil.
    private static func durationSeconds(_ text: String) -> Int? {
        let upper = text.uppercased()
        guard upper.hasPrefix("PT"), upper.count > 2 else { return nil }
        var total = 0
        var digits = ""
        for character in upper.dropFirst(2) {
            if let digit = character.wholeNumberValue, character.isASCII {
                guard digits.count < 6 else { return nil }
                digits.append(String(digit))
                continue
            }
            guard let value = Int(digits) else { return nil }
            switch character {
            case "H": total += value * 3600
            case "M": total += value * 60
            case "S": total += value
            default: return nil
            }
            digits = ""
        }
        return digits.isEmpty ? total : nil
    }
}
