import ArgumentParser
import Foundation
import History
import Orchestration
import PolicyModel
import Scheduling

extension Posture {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start an on-demand policy evaluation now (Start-AzPolicyComplianceScan), then run what is due.",
            discussion:
                "The scan evaluates the tenant as it is now; its results become visible after the schedule's policy duration."
        )

        @Option(help: "The tenant directory to record as it is now.")
        var tenant: String

        @OptionGroup var options: RunOptions

        @Option(help: "The current instant (ISO 8601); default: the clock.")
        var now: Instant?

        @OptionGroup var common: CommonOptions

        func run() throws {
            let schedule = try options.loadSchedule()
            let loaded = try TenantInput.load(tenant, options: common)
            let (lock, store) = try options.open()
            defer { withExtendedLifetime(lock) {} }
            let instant = Instant.or(now)
            let runner = CycleRunner(store: store, schedule: schedule, logger: common.logger())
            do {
                try runner.checkClock(now: instant)
                try store.requestScan(at: instant)
                let report = try runner.run(observing: loaded, now: instant)
                let visible = schedule.cycle(.policy, startingAt: instant).visibleAt
                print(
                    "scan started at \(ISO8601.format(instant)); its states become visible at \(ISO8601.format(visible))"
                )
                print(
                    "\(Plural.count(report.executed.count, "cycle")) executed now; "
                        + "run `posture run` after that instant to record the scan")
            } catch {
                throw CommandError(error, file: options.db)
            }
        }
    }
}
