import Foundation
import History
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation

/// Nightly runs over the days of the tenant's churn scenario (`scenario.json`, 1% a day by
/// default): each day's events applied to the tenant, then `posture run` at midnight, recording the
/// day's version and every cycle due. Reports the time per day and the database growth per day,
/// and the size of a year extrapolated from them.
struct DailyChurnStage: BenchStage {
    let name = "daily cycles at 1% churn"
    let floors: [Floor] = [.sqlite]
    let schedulePath: String
    let work: String

    func run(_ state: inout BenchState) -> StageOutcome {
        guard let tenant = state.tenant else { return .failed("needs the load stage") }
        let scenarioPath = state.tenantPath + "/scenario.json"
        guard FileManager.default.fileExists(atPath: scenarioPath) else {
            return .notBuiltYet("the tenant has no scenario.json: generate it with --days")
        }
        let path = work + "/posture-bench-daily-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: scenarioPath))
            let scenario = try Scenario.decode(
                try data.withUnsafeBytes { try JSONParser.parse($0) }, file: scenarioPath, directory: state.tenantPath)
            let schedule = try Schedule.load(path: schedulePath)
            let store = try HistoryStore(path: path)
            let runner = CycleRunner(
                store: store, schedule: schedule, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() },
                threads: state.threads)
            var snapshot = TenantSnapshot(tenant)
            let days = Int(scenario.end.timeIntervalSince(scenario.start) / 86_400)
            var sizes: [Int] = []
            var cycles = 0
            let m = try Meter.measure(unit: "days") {
                cycles += try runner.run(observing: tenant, now: scenario.start, since: scenario.start).executed.count
                var events = scenario.events[...]
                for day in 1...max(1, days) {
                    let midnight = scenario.start.addingTimeInterval(Double(day) * 86_400)
                    while let event = events.first, event.at < midnight {
                        switch event.change {
                        case .put(let object): snapshot.put(object)
                        case .delete(let id): snapshot.delete(id)
                        case .finding(let finding): snapshot.setFinding(finding)
                        case .scan: try store.requestScan(at: event.at)
                        }
                        events = events.dropFirst()
                    }
                    cycles += try runner.run(observing: try snapshot.tenant(file: "day \(day)"), now: midnight).executed.count
                    sizes.append(Self.size(path))
                }
                return max(1, days)
            }
            let growth = sizes.count > 1 ? (sizes.last! - sizes.first!) / (sizes.count - 1) : 0
            let year = (sizes.first ?? 0) + 364 * growth
            let mb = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
            progress("daily cycles: \(days) days, \(scenario.events.count) events, \(cycles) cycles; database \(mb(sizes.first ?? 0)) after night 1, +\(mb(growth)) a day, a year ≈ \(mb(year))")
            state.seconds[name] = m.seconds
            return .measured(m)
        } catch {
            return .failed("\(error)")
        }
    }

    /// The database file's size (each run ends with the write-ahead log checkpointed into it).
    static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
