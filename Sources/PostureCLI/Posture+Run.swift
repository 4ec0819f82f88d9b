import ArgumentParser
import Foundation
import History
import Orchestration
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

        @Flag(help: "Print nothing on success (errors still reach stderr and the exit code).")
        var quiet = false

        @OptionGroup var common: CommonOptions

        func run() throws {
            let schedule = try options.loadSchedule()
            let loaded = try TenantInput.load(tenant, options: common)
            let (lock, store) = try options.open()
            defer { withExtendedLifetime(lock) {} }
            let runner = CycleRunner(
                store: store, schedule: schedule, logger: common.logger(),
                threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
            let progress = Progress(enabled: !quiet)
            let report: CycleRunner.Report
            do {
                report = try runner.run(observing: loaded, now: Instant.or(now), since: since?.date, progress: progress.show)
            } catch {
                progress.finish()
                throw CommandError(error, file: options.db)
            }
            progress.finish()
            guard !quiet else { return }
            if let version = report.tenantVersion {
                print("tenant version \(version.version) (\(report.newVersion ? "recorded now" : "unchanged since \(ISO8601.format(version.observedAt))"))")
            }
            print("\(Plural.count(report.executed.count, "cycle")) executed")
            guard !report.executed.isEmpty else { return }
            var table = TextTable(["kind", "start", "visible", "results", "changed"])
            for cycle in report.executed {
                table.append([
                    cycle.kind.rawValue, ISO8601.format(cycle.start), ISO8601.format(cycle.visibleAt),
                    String(cycle.resultCount), String(cycle.changedCount),
                ])
            }
            print(table.render(indent: "  "))
        }
    }
}
