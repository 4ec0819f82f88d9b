import ArgumentParser
import Foundation
import JSONCore
import Scheduling
import Simulation

extension Posture {
    struct Lag: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "When each event of a scenario shows in policy, Defender and the score; or, with --monte-carlo, the lag distribution of schedules.",
            discussion: """
                posture lag SCENARIO plays the scenario as `simulate` does (into --db, or a temporary \
                database) and prints, per event, when policy states, Defender's assessments and the secure \
                score first showed it, and the lags as ISO 8601 durations (PT21H). \
                posture lag --monte-carlo N --schedule FILE [--schedule FILE ...] draws N changes at \
                uniformly random instants of a year and prints the distribution of change-to-score lag per \
                schedule. Definitions: Docs/Lag.md.
                """)

        @Argument(help: "The scenario file (JSON: tenant, schedule, start, end, events).")
        var scenario: String?

        @Option(help: "Output format: table or json.")
        var format: DocumentFormat = .table

        @Option(
            help:
                "Keep the played history in this database (it must not hold history yet); default: a temporary file, removed afterwards."
        )
        var db: String?

        @Option(help: "Evaluation threads; default: the machine's cores.")
        var threads: Int?

        @Option(
            name: .customLong("monte-carlo"),
            help: "Instead of a scenario: this many changes at uniformly random instants of --year, per schedule.")
        var monteCarlo: Int?

        @Option(help: "A schedule for --monte-carlo; repeat it to compare schedules side by side.")
        var schedule: [String] = []

        /// The largest seed a JSON number (a double) carries exactly.
        static let largestSeed: UInt64 = 1 << 53

        @Option(help: "The seed of --monte-carlo's random instants (SplitMix64), 0 to 2^53.")
        var seed: UInt64 = 1

        @Option(
            help:
                "With --monte-carlo: also show every schedule with a daily on-demand policy scan at this local time (HH:MM)."
        )
        var scanAt: String?

        @Option(help: "With --monte-carlo: the calendar year (UTC) the changes are drawn from.")
        var year: Int = 2026

        @OptionGroup var common: CommonOptions

        func validate() throws {
            guard let monteCarlo else {
                guard scenario != nil else {
                    throw ValidationError("give a scenario file, or --monte-carlo N --schedule FILE")
                }
                if !schedule.isEmpty || scanAt != nil {
                    throw ValidationError(
                        "--schedule and --scan-at go with --monte-carlo; a scenario names its own schedule")
                }
                return
            }
            if scenario != nil { throw ValidationError("give a scenario file or --monte-carlo, not both") }
            if db != nil { throw ValidationError("--db goes with a scenario; --monte-carlo reads no history") }
            if seed > Self.largestSeed {
                throw ValidationError("--seed must be at most 2^53 (\(Self.largestSeed)), so JSON carries it exactly")
            }
            if monteCarlo < 1 { throw ValidationError("--monte-carlo needs at least 1 change") }
            if schedule.isEmpty { throw ValidationError("--monte-carlo needs at least one --schedule FILE") }
            if let scanAt, LocalTime(scanAt) == nil {
                throw ValidationError("--scan-at '\(scanAt)' is not a time of day (use HH:MM, e.g. 06:00)")
            }
            if !(1971...9999).contains(year) { throw ValidationError("--year must be between 1971 and 9999") }
        }

        func run() throws {
            if let monteCarlo {
                try runMonteCarlo(count: monteCarlo)
            } else if let scenario {
                try runScenario(scenario)
            }
        }

        private func runScenario(_ path: String) throws {
            let playback = try ScenarioPlayback(path: path, common: common)
            let temporary =
                db == nil
                ? FileManager.default.temporaryDirectory.appendingPathComponent(
                    "posture-lag-\(UUID().uuidString).sqlite"
                ).path : nil
            defer {
                if let temporary {
                    for suffix in ["", "-wal", "-shm", ".lock"] {
                        try? FileManager.default.removeItem(atPath: temporary + suffix)
                    }
                }
            }
            let (store, _) = try playback.play(
                into: db ?? temporary!, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount,
                logger: common.logger())
            let report: LagReport
            do {
                report = try LagReport(scenario: playback.scenario, tenant: playback.tenant, store: store)
            } catch {
                throw CommandError(error, file: db ?? temporary)
            }
            print(format == .json ? JSONWriter().string(report.json) : report.table())
        }

        private func runMonteCarlo(count: Int) throws {
            var schedules: [(String, Schedule)] = []
            for path in schedule {
                schedules.append((path, try Schedule.load(path: path)))
            }
            let run = LagMonteCarlo(window: LagMonteCarlo.year(year), count: count, seed: seed)
            let scan = scanAt.flatMap(LocalTime.init)
            var rows: [MonteCarloOutput.Row] = []
            for (path, schedule) in schedules {
                for scanAt in scan == nil ? [nil] : [nil, scan] {
                    rows.append(
                        MonteCarloOutput.Row(
                            schedule: path,
                            timeline: CycleTimeline(schedule: schedule, scanAt: scanAt, window: run.window)))
                }
            }
            let distributions = run.scoreLags(rows.map(\.timeline))
            print(MonteCarloOutput(run: run, rows: rows, distributions: distributions).render(format))
        }
    }
}
