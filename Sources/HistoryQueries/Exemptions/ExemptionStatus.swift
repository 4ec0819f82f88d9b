/// Where an exemption stands at an instant, most pressing first: `orphaned` outranks `expired`,
/// which outranks `expiring`.
package enum ExemptionStatus: String, Sendable, Hashable, CaseIterable {
    /// Its assignment is gone, or the scope it sits on (resource, resource group, subscription,
    /// management group) no longer exists: it exempts nothing and can be deleted.
    case orphaned
    /// `expiresOn` is at or before the instant: Azure keeps it for the record but no longer honours it.
    case expired
    /// Honoured, but `expiresOn` falls within the warning window.
    case expiring
    /// Honoured, with no expiry in the window.
    case active
}

/// Why an exemption is orphaned.
package enum OrphanReason: String, Sendable, Hashable, CaseIterable {
    /// The policy assignment it names is not in the tenant.
    case assignmentGone = "assignment gone"
    /// The resource, resource group, subscription or management group it is a child of is not in the tenant.
    case scopeGone = "scope gone"
}
