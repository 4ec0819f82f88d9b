import PolicyEngine

/// `TenantPolicies`: every (assignment, definition reference) of the tenant compiled once,
/// with assignment and initiative parameters resolved, as a cycle does it.
struct CompileStage: BenchStage {
    let name = "compile"
    let floors: [Floor] = []

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant else { return .failed("needs the load stage") }
        var policies: TenantPolicies?
        let m = Meter.measure(unit: "policies") {
            policies = TenantPolicies(tenant: tenant)
            return policies!.entries.count
        }
        state.policies = policies
        state.seconds[name] = m.seconds
        if let policies, !policies.failures.isEmpty || !policies.unsupported.isEmpty {
            progress(
                "compile: \(policies.unsupported.count) in resource-provider modes, \(policies.failures.count) failed"
                    + (policies.failures.first.map {
                        ", e.g. \($0.referenceId ?? "-"): \($0.error.message.prefix(120))"
                    } ?? ""))
        }
        return .measured(m)
    }
}
