import ArgumentParser
import Foundation
import JSONCore
import PolicyModel

extension Posture {
    struct States: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate a tenant's policies at an instant and print the policy states.")

        @Argument(help: "The tenant directory (evaluated on the spot; omit it with --db).")
        var tenant: String?

        @Option(help: "Read the states visible at --at from this history database instead of evaluating.")
        var db: String?

        @Option(help: "The instant to evaluate at (ISO 8601); default: now.")
        var at: Instant?

        @Option(help: "Output format: table, json (Microsoft.PolicyInsights/policyStates rows) or csv.")
        var format: OutputFormat = .table

        @Option(help: "Only states with this complianceState (Compliant, NonCompliant, Exempt, ...).")
        var complianceState: String?

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let wanted = try complianceState.map { filter in
                guard let state = ComplianceState(name: filter) else {
                    let names = ComplianceState.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CommandError.usage("posture: --compliance-state '\(filter)' is not one of \(names)")
                }
                return state
            }
            let source = try ResultSource(
                tenant: tenant, db: db, at: Instant.or(at), needs: .results, stream: results.source, listing: true,
                logger: common.logger())
            UnevaluatedPolicies.print(source.unevaluatedNote)
            var states = source.results.states
            if let wanted { states = states.filter { $0.complianceState == wanted } }
            guard StateOutput(states: states, tenant: source.tenant).write(format) else {
                throw CommandError.io("posture: cannot write the output")
            }
        }
    }
}
