import JSONCore
public import PolicyModel

extension TenantPolicies {
    /// The assigned policies that a run must not silently skip (an alias the table lacks, a rule
    /// that cannot be compiled), as `file:path: message` lines at the definition's place in the
    /// tenant's files (the definition's origin followed by the path inside it). Resource-provider
    /// modes are an expected skip and are not listed.
    public func blockingDiagnostics(in tenant: Tenant) -> [Diagnostic] {
        failures.map { failure in
            let origin = tenant.origins[failure.definitionId]
            let assigned =
                "assigned by \(failure.assignmentId.rawValue)"
                + (failure.referenceId.map { " (reference \($0))" } ?? "")
            var message = "policy not evaluated, \(assigned): \(failure.error.message)"
            if failure.error.code == .unknownAlias, tenant.aliases.count == 0 {
                message += " (the tenant has no alias table: add aliases.csv, aliases.csv.gz or aliases.json)"
            }
            return Diagnostic(
                file: origin?.file ?? failure.definitionId.rawValue,
                path: (origin?.path ?? .root).appending(failure.error.path.components), message: message)
        }
    }
}
