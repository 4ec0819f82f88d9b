import Foundation
import History
import PolicyEngine
import PolicyModel

/// What commands say about the assigned policies a result leaves out, so that a partial
/// evaluation is never taken for a whole one: one line on stderr (machine output on stdout stays
/// as it is), e.g. `posture: note: 22 of 223 assigned policies not evaluated: 19 in resource-provider
/// modes, not modelled (16 Microsoft.Kubernetes.Data, 3 Microsoft.KeyVault.Data); 3 name an alias
/// the alias table lacks`.
enum UnevaluatedPolicies {
    /// The line for a tenant evaluated on the spot.
    static func note(_ policies: TenantPolicies) -> String? {
        UnevaluatedPolicy.summary(policies.unevaluated, assigned: policies.assignedCount)
    }

    /// The line for results read from history at `instant`: from the newest engine policy cycle
    /// visible then (ingested cycles carry Azure's own states and say nothing here).
    static func note(store: any HistoryReading, at instant: Date) throws -> String? {
        guard let cycle = try store.latestPolicyCycle(visibleAt: instant), let assigned = cycle.assignedPolicies,
            (cycle.unevaluatedPolicies ?? 0) > 0
        else { return nil }
        let summary = UnevaluatedPolicy.summary(try store.unevaluatedPolicies(seq: cycle.seq), assigned: assigned)
        return summary.map { $0 + " (policy cycle \(cycle.seq) of \(ISO8601.format(cycle.start)))" }
    }

    /// The tenant's policies, after refusing (exit 2, each problem at its file and path) a tenant whose
    /// assigned policies cannot all be evaluated, unless `allowed`: `run` and `nightly` never record a
    /// partial evaluation as a whole one. `remedy` says how to allow it anyway.
    static func requireEvaluable(_ tenant: Tenant, allowed: Bool, remedy: String) throws -> TenantPolicies {
        let policies = TenantPolicies(tenant: tenant)
        let blocking = policies.blockingDiagnostics(in: tenant)
        guard blocking.isEmpty || allowed else {
            let count = Plural.count(blocking.count, "assigned policy", plural: "assigned policies")
            throw CommandError(
                .badInput,
                blocking.map(\.description) + ["posture: \(count) cannot be evaluated; fix the tenant, or \(remedy)"])
        }
        return policies
    }

    /// Prints the line, when there is one, on stderr.
    static func print(_ note: String?) {
        if let note { Posture.printError("posture: note: " + note) }
    }
}
