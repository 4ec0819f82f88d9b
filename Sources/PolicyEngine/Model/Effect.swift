import JSONCore
public import PolicyModel

/// The effect of a policy rule (`then.effect`), normalised from any spelling.
public enum Effect: String, Sendable, Hashable, CaseInsensitiveName {
    case audit = "Audit"
    case deny = "Deny"
    case auditIfNotExists = "AuditIfNotExists"
    case deployIfNotExists = "DeployIfNotExists"
    case modify = "Modify"
    case append = "Append"
    case disabled = "Disabled"
    case manual = "Manual"
    case denyAction = "DenyAction"
    /// Audits delete requests (seen in built-ins beside DenyAction); like DenyAction it acts on requests.
    case auditAction = "AuditAction"

    /// Whether compliance depends on related resources (AuditIfNotExists, DeployIfNotExists).
    public var isIfNotExists: Bool {
        self == .auditIfNotExists || self == .deployIfNotExists
    }

    /// Whether the effect acts on requests only and gives existing resources no state (AuditAction).
    /// DenyAction also acts on requests, but the resources it protects get the `Protected` state.
    public var actsOnRequestsOnly: Bool {
        self == .auditAction
    }
}
