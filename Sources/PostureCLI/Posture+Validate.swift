import ArgumentParser
import PolicyEngine
import PolicyModel
import TenantIO

extension Posture {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a tenant directory: every file, JSON path and reference; exit 2 on any problem.")

        @Argument(help: "The tenant directory.")
        var tenant: String

        @OptionGroup var common: CommonOptions

        func run() throws {
            let loaded: Tenant
            do {
                loaded = try TenantDirectory(tenant).load(logger: common.logger())
            } catch {
                throw Failure.report(error)
            }
            let policies = TenantPolicies(tenant: loaded)
            let blocking = policies.blockingDiagnostics(in: loaded)
            guard blocking.isEmpty else { throw Failure.report(InputError(blocking)) }
            print("ok: " + loaded.summaryCounts.map { "\($0.count) \($0.name)" }.joined(separator: ", "))
            if let note = UnevaluatedPolicies.note(policies) { print("note: " + note) }
        }
    }
}

extension Tenant {
    /// The headline counts of a tenant, in a stable order.
    var summaryCounts: [(name: String, count: Int)] {
        [
            ("resources", resources.count), ("resource groups", resourceGroups.count),
            ("subscriptions", subscriptions.count), ("management groups", managementGroups.count),
            ("definitions", policyDefinitions.count), ("initiatives", policySetDefinitions.count),
            ("assignments", assignments.count), ("exemptions", exemptions.count), ("aliases", aliases.count),
            ("recommendations", recommendations.count), ("controls", controls.count), ("findings", findings.count),
        ]
    }
}
