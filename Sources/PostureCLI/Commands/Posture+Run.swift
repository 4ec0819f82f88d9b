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

        @Flag(help: "Catch up more than a year of cycles (it may run for hours; progress shows on a terminal).")
        var catchUp = false

        @Flag(
            help: ArgumentHelp(
                "Record cycles although some assigned policies cannot be evaluated (an alias the table lacks, a rule that does not compile).",
                discussion:
                    "Without it such a tenant exits 2 and the database is untouched. The cycles then record which policies "
                    + "they skipped and why. Resource-provider modes (Microsoft.Kubernetes.Data, …) are never evaluated "
                    + "and need no flag; they are counted the same way."))
        var allowUnevaluated = false

        @Flag(help: "Print nothing on success (errors still reach stderr and the exit code).")
        var quiet = false

        @Option(
            help: ArgumentHelp(
                "Run as worker K of N of a sharded run (e.g. 2/4), beside the other workers, on one history.",
                discussion:
                    "Each worker evaluates the subscriptions a stable hash of their ids assigns to it and records "
                    + "its part of each policy cycle; Defender's cycle and the score follow once every part is in. "
                    + "Every worker reads the same tenant directory and gives the same N.",
                valueName: "K/N"),
            transform: { text in
                guard let shard = Shard(text) else {
                    throw ValidationError("--shard takes K/N with 1 <= K <= N <= \(Shard.maximumCount), e.g. 2/4")
                }
                return shard
            })
        var shard: Shard?

        @Option(
            help:
                "Seconds a worker of a sharded run waits for the others in all before it stops (exit 75); default 3600."
        )
        var shardWait: Int?

        @Option(
            help: "Write the Prometheus text format here after a successful run (node_exporter's textfile collector).")
        var metrics: String?

        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let shardWait, shardWait < 0 {
                throw ValidationError("--shard-wait takes a number of seconds, 0 or more")
            }
            if shard == nil, shardWait != nil { throw ValidationError("--shard-wait goes with --shard") }
        }

        func run() throws {
            let started = ContinuousClock.now
            let schedule = try options.loadSchedule()
            let loaded = try TenantInput.load(tenant, options: common)
            let policies = try UnevaluatedPolicies.requireEvaluable(
                loaded, allowed: allowUnevaluated, remedy: "pass --allow-unevaluated to record cycles without them")
            let existed = FileManager.default.fileExists(atPath: options.db)
            let (lock, store) = try HistoryDatabase.writing(options.db, wait: options.wait, shard: shard)
            defer { withExtendedLifetime(lock) {} }
            let runner = CycleRunner(
                store: store, schedule: schedule, logger: common.logger(),
                threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount,
                sharding: shard.map { Sharding(shard: $0, wait: .seconds(shardWait ?? 3600)) })
            let at = Instant.or(now)
            let from = try runner.catchUpStart(now: at, since: since?.date)
            if !catchUp, at.timeIntervalSince(from) > CycleRunner.maximumCatchUp {
                // Refused before anything was recorded: a database this run created goes again.
                if !existed { HistoryDatabase.discardCreated(options.db, lock: lock) }
                throw ValidationError(
                    "catching up from \(ISO8601.format(from)) runs more than a year of cycles; pass --catch-up to do it anyway"
                )
            }
            let progress = Progress(enabled: !quiet || catchUp)
            let report: CycleRunner.Report
            do {
                report = try runner.run(observing: loaded, now: at, since: since?.date, progress: progress.show)
            } catch {
                progress.finish()
                throw CommandError(error, file: options.db)
            }
            progress.finish()
            if let awaiting = report.awaiting, let shard {
                printSummary(report, policies: policies)
                throw CommandError(
                    .busy,
                    "posture: shard \(shard) stopped after waiting \(shardWait ?? 3600) s: \(awaiting); "
                        + "the next run of this worker goes on")
            }
            try MetricsStep.succeeded(
                metrics, store: store, at: Instant.or(now), finished: WallClock.now(), cycles: report.executed.count,
                runDuration: ContinuousClock.now - started)
            printSummary(report, policies: policies)
        }

        private func printSummary(_ report: CycleRunner.Report, policies: TenantPolicies) {
            guard !quiet else { return }
            if let version = report.tenantVersion {
                print(
                    "tenant version \(version.version) (\(report.newVersion ? "recorded now" : "unchanged since \(ISO8601.format(version.observedAt))"))"
                )
            }
            print("\(Plural.count(report.executed.count, "cycle")) executed")
            if let note = UnevaluatedPolicies.note(policies) { print("note: " + note) }
            guard !report.executed.isEmpty else { return }
            var table = TextTable(["kind", "start", "visible", "results", "changed", "not evaluated"])
            for cycle in report.executed {
                table.append([
                    cycle.kind.rawValue, ISO8601.format(cycle.start), ISO8601.format(cycle.visibleAt),
                    String(cycle.resultCount), String(cycle.changedCount),
                    cycle.unevaluatedPolicies.map { "\($0) of \(cycle.assignedPolicies ?? 0)" } ?? "",
                ])
            }
            print(table.render(indent: "  "))
        }
    }
}
