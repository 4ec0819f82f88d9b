import ArgumentParser
import Foundation
import Scheduling
import TenantGenerator

extension Posture {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a deterministic, realistic tenant directory (and optionally a churn scenario) of any size.",
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

        @Option(
            help: "The schedule copied beside scenario.json as schedule.yaml; default: Schedules/azure-observed.yaml.")
        var schedule: String?

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
                baseInstant: at?.date ?? GeneratorOptions.defaultBaseInstant, days: days, churn: churn,
                schedule: Self.scheduleName)
        }

        /// Where scenario.json finds its schedule: a copy beside it, so the folder plays from anywhere.
        static let scheduleName = "schedule.yaml"

        /// The schedule file's bytes, checked to be a valid schedule; exits 2 naming the file otherwise.
        func scheduleBytes() throws -> [UInt8] {
            let name = "Schedules/azure-observed.yaml"
            guard let path = schedule ?? DemoFiles.find(name) else {
                throw CommandError.io(
                    "posture: cannot find \(name); run from the repository root or pass --schedule FILE")
            }
            do {
                _ = try Schedule.load(path: path)
            } catch {
                throw CommandError(.badInput, error.description)
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError.io("\(path): cannot be read")
            }
            return Array(data)
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
            var tenant = GeneratedTenant.generate(options, baseline: policy)
            if days > 0 { tenant.files.append(.init(path: Self.scheduleName, bytes: try scheduleBytes())) }
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
