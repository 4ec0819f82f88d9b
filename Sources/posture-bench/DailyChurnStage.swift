import Foundation
import GRDB
import History
import JSONCore
import Logging
import Orchestration
import PolicyModel
import Scheduling
import Simulation

/// Nightly runs over the days of the tenant's churn scenario (`scenario.json`, 1% a day by
/// default): each day's events applied to the tenant, then `posture run` at midnight, recording the
/// day's version and every cycle due. Each night opens the database and starts a runner afresh, as
/// the nightly `posture run` process does. Reports the time per night and the database growth per
/// day (per table, from SQLite's `dbstat`), and the size of a year extrapolated from them.
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
            let logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
            let threads = state.threads
            /// One `posture run`: a fresh store and runner, as a new process has.
            func run(_ tenant: Tenant, now: Date, since: Date? = nil) throws -> Int {
                let runner = CycleRunner(
                    store: try HistoryStore(path: path), schedule: schedule, logger: logger, threads: threads)
                return try runner.run(observing: tenant, now: now, since: since).executed.count
            }
            var snapshot = TenantSnapshot(tenant)
            let days = max(1, Int(scenario.end.timeIntervalSince(scenario.start) / 86_400))
            var sizes: [[String: Int]] = []
            var files: [Int] = []
            var nights: [Double] = []
            var runs: [Double] = []
            var cpu: [Double] = []
            var cycles = 0
            let m = try Meter.measure(unit: "days") {
                cycles += try run(tenant, now: scenario.start, since: scenario.start)
                var events = scenario.events[...]
                for day in 1...days {
                    let midnight = scenario.start.addingTimeInterval(Double(day) * 86_400)
                    let started = ContinuousClock.now
                    while let event = events.first, event.at < midnight {
                        switch event.change {
                        case .put(let object): snapshot.put(object)
                        case .delete(let id): snapshot.delete(id)
                        case .finding(let finding): snapshot.setFinding(finding)
                        case .scan: try HistoryStore(path: path).requestScan(at: event.at)
                        }
                        events = events.dropFirst()
                    }
                    let observed = try snapshot.tenant(file: "day \(day)")
                    let running = ContinuousClock.now
                    let cpuBefore = Self.cpuSeconds()
                    cycles += try run(observed, now: midnight)
                    runs.append((ContinuousClock.now - running).inSeconds)
                    cpu.append(Self.cpuSeconds() - cpuBefore)
                    nights.append((ContinuousClock.now - started).inSeconds)
                    sizes.append(try Self.tableSizes(path))
                    files.append(Self.size(path))
                }
                return days
            }
            let total = files
            let growth = total.count > 1 ? (total.last! - total.first!) / (total.count - 1) : 0
            let year = (total.first ?? 0) + 364 * growth
            progress(
                "daily cycles: \(days) days, \(scenario.events.count) events, \(cycles) cycles; database \(Self.mb(total.first ?? 0)) after night 1, +\(Self.mb(growth)) a day, a year ≈ \(Self.mb(year))"
            )
            progress(
                "  nights (events applied + posture run): "
                    + nights.map { String(format: "%.1f s", $0) }.joined(separator: ", "))
            progress("  of which posture run: " + runs.map { String(format: "%.1f s", $0) }.joined(separator: ", "))
            progress(
                "  CPU time of the run (user + system, all threads): "
                    + cpu.map { String(format: "%.1f s", $0) }.joined(separator: ", "))
            if let first = sizes.first, let last = sizes.last {
                let days = Double(max(1, sizes.count - 1))
                for table in first.keys.sorted(by: { first[$0]! > first[$1]! }) {
                    let perDay = Double(last[table, default: 0] - first[table]!) / days
                    progress(
                        "  \(table): \(Self.mb(first[table]!)) after night 1, \(String(format: "%+.1f KB", perDay / 1024)) a day"
                    )
                }
            }
            state.seconds[name] = m.seconds
            return .measured(m)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Bytes per table and index (SQLite's `dbstat`), after the run's checkpoint.
    static func tableSizes(_ path: String) throws -> [String: Int] {
        try DatabaseQueue(path: path).read { db in
            var sizes: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name") {
                sizes[row[0]] = row[1]
            }
            return sizes
        }
    }

    static func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

    /// The process's CPU time so far (user + system, all threads): on a shared machine, the part of
    /// a stage's cost that other processes cannot stretch.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(
            usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The database file's size (each run ends with the write-ahead log checkpointed into it).
    static func size(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
