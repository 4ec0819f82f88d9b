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
            let loaded = try TenantInput.load(tenant, options: common)
            let policies = TenantPolicies(tenant: loaded)
            let blocking = policies.blockingDiagnostics(in: loaded)
            guard blocking.isEmpty else { throw CommandError(InputError(blocking)) }
            print("ok: " + loaded.summaryCounts.map(\.text).joined(separator: ", "))
            if let note = UnevaluatedPolicies.note(policies) { print("note: " + note) }
        }
    }
}

extension Tenant {
    /// The headline counts of a tenant, in a stable order; `text` is "1 subscription", "2 subscriptions".
    var summaryCounts: [(name: String, count: Int, text: String)] {
        let counts: [(String, Int)] = [
            ("resource", resources.count), ("resource group", resourceGroups.count),
            ("subscription", subscriptions.count), ("management group", managementGroups.count),
            ("definition", policyDefinitions.count), ("initiative", policySetDefinitions.count),
            ("assignment", assignments.count), ("exemption", exemptions.count), ("alias", aliases.count),
            ("recommendation", recommendations.count), ("control", controls.count), ("finding", findings.count),
        ]
        return counts.map { name, count in
            let plural = name == "alias" ? "aliases" : name + "s"
            return (name: plural, count: count, text: Plural.count(count, name, plural: plural))
        }
    }
}
