import ArgumentParser
import Foundation
import PolicyModel
import TenantGenerator

/// Runs every stage on one tenant and prints time, throughput, peak memory and the ratio
/// of each stage to the floors its work contains.
struct PostureBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posture-bench",
        abstract: "Time every stage of PostureSync on a generated tenant, against three floors.")

    @Option(help: "An existing tenant directory.")
    var tenant: String?

    @Option(help: "Generate a tenant with this many resources first (into --work).")
    var generate: Int?

    @Option(help: "Subscriptions of the generated tenant.")
    var subscriptions: Int = 50

    @Option(help: "Seed of the generated tenant.")
    var seed: UInt64 = 1

    @Option(help: "Assign the MCSB initiative from this azure-policy directory to the generated tenant.")
    var baseline: String?

    @Option(help: "Where generated tenants and scratch databases go.")
    var work: String = NSTemporaryDirectory()

    @Option(help: "Worker threads for evaluation (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Days of 1% churn to generate and play in the daily-cycles stage (with --generate).")
    var days: Int = 3

    @Option(help: "The schedule the nightly-run stage follows.")
    var schedule: String = "Schedules/azure-observed.yaml"

    @Option(
        help:
            "Skip a stage by name (repeatable), e.g. --skip 'daily cycles at 1% churn'; later stages that need it fail."
    )
    var skip: [String] = []

    @Flag(
        help:
            "Build the year of daily history the query stages read, when --work does not hold it yet (about 4 s a simulated day at 100,000 resources; later runs reuse it)."
    )
    var historyYear = false

    @Option(help: "table or json.")
    var format: String = "table"

    @Option(help: "Time only the history queries, on this year of history (the file --history-year left in --work).")
    var historyDb: String?

    @Flag(
        help:
            "Skip the stages that write or read history (nightly run, daily cycles, the year of history and its queries): policy and Defender figures only."
    )
    var skipHistory = false

    func validate() throws {
        if historyDb != nil, tenant != nil || generate != nil {
            throw ValidationError("--history-db times the queries alone: give no tenant")
        }
        if historyDb == nil, (tenant == nil) == (generate == nil) {
            throw ValidationError("give exactly one of --tenant DIR and --generate N")
        }
        if !["table", "json"].contains(format) { throw ValidationError("--format must be table or json") }
    }

    func run() throws {
        var report = Report(machine: Self.machine(threads: threads))
        if let historyDb {
            var state = BenchState(tenantPath: "", threads: threads)
            state.historyYearPath = historyDb
            for stage in queryStages {
                progress(stage.name)
                report.rows.append(.init(name: stage.name, outcome: stage.run(&state), floors: stage.floors))
            }
            print(format == "json" ? report.json() : report.table())
            return
        }
        var path = tenant ?? ""
        if let generate {
            let options = GeneratorOptions(resources: generate, subscriptions: subscriptions, seed: seed, days: days)
            if let problem = options.problem { throw ValidationError(problem) }
            let policy = try baseline.map { path throws in try BaselineDirectory.load(path) }
            path =
                work + "/posture-bench-\(generate)-\(subscriptions)-\(seed)\(baseline == nil ? "" : "-mcsb")-\(days)d"
            let out = path
            let m = try Meter.measure(unit: "resources") {
                let generated = GeneratedTenant.generate(options, baseline: policy)
                try generated.write(to: out)
                return generate
            }
            report.rows.append(.init(name: "generate (+ write)", outcome: .measured(m), floors: []))
        }
        progress("tenant: \(path)")
        let resources = path + "/resources.json"
        progress("floor (a)")
        report.floorMeasurements[.read] = try Floors.read(resources)
        progress("floor (b)")
        report.floorMeasurements[.python] = try Floors.python(resources)
        report.rows.append(
            .init(
                name: "floor (a) read resources.json", outcome: .measured(report.floorMeasurements[.read]!), floors: [])
        )
        report.rows.append(
            .init(
                name: "floor (b) python3 json.load", outcome: .measured(report.floorMeasurements[.python]!), floors: [])
        )

        var state = BenchState(tenantPath: path, threads: threads)
        for stage in stages {
            if skip.contains(stage.name) || (skipHistory && stage.writesHistory) {
                report.rows.append(
                    .init(
                        name: stage.name,
                        outcome: .notBuiltYet(skipHistory ? "skipped (--skip-history)" : "skipped (--skip)"),
                        floors: stage.floors))
                continue
            }
            progress(stage.name)
            let outcome = stage.run(&state)
            report.rows.append(.init(name: stage.name, outcome: outcome, floors: stage.floors))
            if stage.name == "policy cycle", case .measured(let m) = outcome {
                let seconds = ["load", "compile", "policy cycle"].reduce(0) { $0 + (state.seconds[$1] ?? 0) }
                let peak =
                    report.rows.compactMap { row -> Int? in
                        guard ["load", "compile", "policy cycle"].contains(row.name),
                            case .measured(let x) = row.outcome
                        else { return nil }
                        return x.peakBytes
                    }.max() ?? 0
                report.rows.append(
                    .init(
                        name: "full policy cycle (load + compile + evaluate)",
                        outcome: .measured(
                            Measurement(seconds: seconds, items: m.items, unit: "pairs", peakBytes: peak)),
                        floors: [.python]))
            }
        }
        progress("floor (c)")
        let rows = state.stateCount ?? state.tenant?.resources.count ?? 0
        report.floorMeasurements[.sqlite] = try Floors.sqlite(rows: rows, directory: work)
        report.rows.append(
            .init(name: "floor (c) SQLite insert", outcome: .measured(report.floorMeasurements[.sqlite]!), floors: []))
        print(format == "json" ? report.json() : report.table())
    }

    /// The stages in order.
    var stages: [any BenchStage] {
        [
            LoadStage(),
            CompileStage(),
            PolicyCycleStage(),
            DefenderCycleStage(),
            ScoreStage(),
            NightlyRunStage(schedulePath: schedule, work: work),
            DailyChurnStage(schedulePath: schedule, work: work),
            HistoryYearStage(work: work, build: historyYear),
        ] + queryStages + [
            MonteCarloStage(schedulePath: schedule)
        ]
    }

    /// The stages that query the year of history.
    var queryStages: [any BenchStage] {
        [ScoreDeltaQueryStage(), ScoreTrendQueryStage(), ExistenceQueryStage(), ReviewQueryStage()]
    }

    static func machine(threads: Int) -> [(String, String)] {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
            ?? "unknown"
        #if compiler(>=6.3)
            let swift = "6.3"
        #elseif compiler(>=6.2)
            let swift = "6.2"
        #else
            let swift = "6.1 or older"
        #endif
        return [
            ("cpu", "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores; \(threads) evaluation threads"),
            ("memory", String(format: "%.1f GB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)),
            ("swift", swift), ("os", ProcessInfo.processInfo.operatingSystemVersionString),
        ]
    }

    private func progress(_ text: String) {
        guard isatty(STDERR_FILENO) != 0 else { return }
        FileHandle.standardError.write(Data("posture-bench: \(text)…\n".utf8))
    }
}
