import ArgumentParser
import Foundation
import History
import Orchestration
import PolicyEngine
import PolicyModel

extension Posture {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The nightly entry point: record the tenant, then run every cycle due since the last one.",
            discussion: """
                Safe under cron: running twice is running once; a run killed at any instant is finished by the next; \
                two runs at once are kept apart (the second waits --wait seconds, then exits 75). A tenant directory \
                with any problem exits 2 and leaves the database untouched.
                """)

        @Option(help: "The tenant directory to record as it is now.")
        var tenant: String

        @OptionGroup var options: RunOptions

        @Option(help: "The current instant (ISO 8601); default: the clock. For replays and tests.")
        var now: Instant?

        @Option(help: "Where an empty history starts (ISO 8601); default: the last policy cycle start before now.")
        var since: Instant?

        @Flag(help: ArgumentHelp(
            "Record cycles although some assigned policies cannot be evaluated (an alias the table lacks, a rule that does not compile).",
            discussion: "Without it such a tenant exits 2 and the database is untouched. The cycles then record which policies "
                + "they skipped and why. Resource-provider modes (Microsoft.Kubernetes.Data, …) are never evaluated "
                + "and need no flag; they are counted the same way."))
        var allowUnevaluated = false

        @Flag(help: "Print nothing on success (errors still reach stderr and the exit code).")
        var quiet = false

        @OptionGroup var common: CommonOptions

        func run() throws {
            let schedule = try options.loadSchedule()
            let loaded = try TenantInput.load(tenant, options: common)
            let policies = TenantPolicies(tenant: loaded)
            let blocking = policies.blockingDiagnostics(in: loaded)
            if !blocking.isEmpty, !allowUnevaluated {
                _ = Failure.report(InputError(blocking))
                Failure.printError(
                    "posture: \(blocking.count) assigned \(blocking.count == 1 ? "policy" : "policies") cannot be evaluated; "
                        + "fix the tenant, or pass --allow-unevaluated to record cycles without them")
                throw Failure.invalidInput
            }
            let lock = try options.lock()
            defer { withExtendedLifetime(lock) {} }
            let store = try options.openStore()
            let runner = CycleRunner(
                store: store, schedule: schedule, logger: common.logger(),
                threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
            let progress = Progress(enabled: !quiet)
            let report: CycleRunner.Report
            do {
                report = try runner.run(observing: loaded, now: Instant.or(now), since: since?.date, progress: progress.show)
            } catch {
                progress.finish()
                Failure.printError("posture: \(error)")
                throw ExitCode.failure
            }
            progress.finish()
            guard !quiet else { return }
            if let version = report.tenantVersion {
                print("tenant version \(version.version) (\(report.newVersion ? "recorded now" : "unchanged since \(ISO8601.format(version.observedAt))"))")
            }
            print("\(report.executed.count) cycles executed")
            for cycle in report.executed {
                let skipped = (cycle.unevaluatedPolicies ?? 0) > 0
                    ? ", \(cycle.unevaluatedPolicies ?? 0) of \(cycle.assignedPolicies ?? 0) policies not evaluated" : ""
                print("  \(cycle.kind.rawValue)  \(ISO8601.format(cycle.start))  visible \(ISO8601.format(cycle.visibleAt))  \(cycle.resultCount) results, \(cycle.changedCount) changed\(skipped)")
            }
            if let note = UnevaluatedPolicies.note(policies) { print("note: " + note) }
        }
    }
}
