import ArgumentParser
import Foundation
import TenantGenerator

extension Posture {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic, realistic tenant directory (and optionally a churn scenario) of any size.",
            discussion: """
                The same options and seed always give the same bytes. Without --baseline the tenant gets its own \
                initiative; with --baseline DIR (laid out like Azure/azure-policy) it gets the Microsoft cloud security \
                benchmark assigned at the root management group, with the set, its definitions and the alias table copied in.
                """)

        @Option(help: "Rows in resources.json (child and extension resources included).")
        var resources: Int

        @Option(help: "Subscriptions, spread over a management-group tree.")
        var subscriptions: Int

        @Option(help: "The seed.")
        var seed: UInt64 = 1

        @Option(help: "Days of churn to write to scenario.json (0: none).")
        var days: Int = 0

        @Option(help: "Events per day, as a fraction of --resources.")
        var churn: Double = 0.01

        @Option(help: "The instant the tenant describes (ISO 8601, UTC); default 2026-11-01T00:00:00Z.")
        var at: Instant?

        @Option(help: "The schedule path written into scenario.json.")
        var schedule: String = "../../Schedules/azure-observed.yaml"

        @Option(help: "A directory laid out like Azure/azure-policy: assign its MCSB initiative.")
        var baseline: String?

        @Option(help: "The alias table for --baseline (default: ../aliases/policy-aliases.csv.gz beside it).")
        var aliases: String?

        @Option(help: "The directory to write.")
        var out: String

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let problem = options.problem { throw ValidationError(problem) }
            if aliases != nil && baseline == nil { throw ValidationError("--aliases needs --baseline") }
        }

        var options: GeneratorOptions {
            GeneratorOptions(
                resources: resources, subscriptions: subscriptions, seed: seed,
                baseInstant: at?.date ?? GeneratorOptions.defaultBaseInstant, days: days, churn: churn, schedule: schedule)
        }

        func run() throws {
            var policy: PolicyBaseline?
            if let baseline {
                do {
                    policy = try BaselineDirectory.load(baseline, aliases: aliases)
                } catch {
                    throw CommandError.badInput("posture: \(error.description)")
                }
            }
            let tenant = GeneratedTenant.generate(options, baseline: policy)
            do {
                try tenant.write(to: out)
            } catch {
                throw CommandError.io("posture: \(error.description)")
            }
            let counts = tenant.counts.map { "\($0.count) \($0.name)" }.joined(separator: ", ")
            print("wrote \(out): \(counts); \(tenant.files.count) files, \(tenant.byteCount / 1_000_000) MB")
        }
    }
}
