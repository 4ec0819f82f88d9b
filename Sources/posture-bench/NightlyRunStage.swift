import Foundation
import History
import Logging
import Orchestration
import PolicyModel
import Scheduling
import TenantGenerator

/// The nightly `posture run` on a fresh database: record the tenant version, then one policy
/// cycle, one Defender cycle and the score computations due, each in its own transaction.
/// Reported with the database size, the figure behind "database growth per day".
struct NightlyRunStage: BenchStage {
    let name = "nightly run with history"
    let floors: [Floor] = [.sqlite]
    let schedulePath: String
    let work: String

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant else { return .failed("needs the load stage") }
        let path = work + "/posture-bench-nightly-\(getpid()).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let schedule = try Schedule.load(path: schedulePath)
            // The day's first policy cycle, then run until its Defender cycle and one score are visible.
            let since = schedule.nextCycle(.policy, atOrAfter: GeneratorOptions.defaultBaseInstant)
            let until = schedule.nextCycle(
                .score, atOrAfter: schedule.nextCycle(.defender, atOrAfter: since.start).visibleAt)
            var executed: [Cycle] = []
            let m = try Meter.measure(unit: "cycles") {
                let store = try HistoryStore(path: path)
                let runner = CycleRunner(
                    store: store, schedule: schedule, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() },
                    threads: state.threads)
                executed = try runner.run(observing: tenant, now: until.visibleAt, since: since.start).executed
                return executed.count
            }
            progress(
                "nightly run: \(executed.map(\.kind.rawValue).joined(separator: ", ")); database \(DailyChurnStage.size(path) / 1_048_576) MB"
            )
            state.seconds[name] = m.seconds
            return .measured(m)
        } catch {
            return .failed("\(error)")
        }
    }
}
