import Foundation
import PolicyModel

extension PolicyExemption {
    /// Whether the exemption has expired at `instant` (`expiresOn` is exclusive).
    package func isExpired(at instant: Date) -> Bool {
        !isActive(at: instant)
    }

    /// Whether the exemption is still honoured at `instant` but expires within `window` of it.
    package func expires(within window: TimeInterval, of instant: Date) -> Bool {
        guard let expiresOn, isActive(at: instant) else { return false }
        return expiresOn <= instant.addingTimeInterval(window)
    }

    /// What makes the exemption an orphan in `tenant`; empty when it is not one.
    package func orphanReasons(in tenant: Tenant, scopes: TenantScopes) -> [OrphanReason] {
        var reasons: [OrphanReason] = []
        if tenant.assignment(policyAssignmentId) == nil { reasons.append(.assignmentGone) }
        if !scopes.contains(scope) { reasons.append(.scopeGone) }
        return reasons
    }
}
