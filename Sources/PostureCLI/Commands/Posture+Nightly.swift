import ArgumentParser
import AzureExport
import Foundation
import History
import HistoryQueries
import Orchestration
import Scheduling

extension Posture {
    struct Nightly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The whole nightly job in one command: export from Azure, run the due cycles, report, metrics.",
            discussion: """
                Reads a small YAML file (see Schedules/nightly.yaml) and, holding the history's lock throughout, \
                exports the tenant (posture export), records it and runs every due cycle (posture run), writes the \
                HTML report and the metrics file; with `observed: true`, also records what Azure showed as observed \
                cycles (as `posture ingest`). One exit code: 0 success; 2 bad config, schedule or export; \
                69 az failed; 74 I/O; 75 throttled past the retries or another run holds the lock. \
                On failure the metrics file says so and keeps the last success time.
                """)

        @Option(help: "The nightly configuration (YAML).")
        var config: String

        @Option(help: "The current instant (ISO 8601); default: the clock. For replays and tests.")
        var now: Instant?

        @Flag(help: "Export and record what Azure shows as observed cycles too (config: `observed: true`).")
        var observed = false

        @Flag(help: "Print nothing on success (errors still reach stderr and the exit code).")
        var quiet = false

        @OptionGroup var common: CommonOptions

        func run() async throws {
            var settings: NightlyConfig
            do { settings = try NightlyConfig.load(path: config) } catch {
                throw CommandError(error.isIO ? .io : .badInput, "posture: \(error)")
            }
            if observed { settings.observed = true }
            let schedule: Schedule
            do { schedule = try Schedule.load(path: settings.schedule) } catch {
                MetricsStep.failed(settings.metrics)
                throw CommandError(.badInput, error.description)
            }
            let lock: any HistoryRunLock
            let store: any HistoryWriting
            do { (lock, store) = try HistoryDatabase.writing(settings.db, wait: settings.wait) } catch {
                MetricsStep.failed(settings.metrics)
                throw error
            }
            defer { withExtendedLifetime(lock) {} }
            var exportDuration: Duration?
            do {
                let export = try await ExportStep(
                    out: settings.tenant, scope: settings.scope, az: settings.az, observed: settings.observed,
                    keep: settings.keepExports, quiet: quiet, common: common
                ).perform()
                exportDuration = export.elapsed
                if !quiet { print(export.summary(into: settings.tenant)) }
                try record(export, into: store, settings: settings, schedule: schedule)
            } catch {
                MetricsStep.failed(settings.metrics, exportDuration: exportDuration)
                throw error
            }
        }

        /// Run, report and metrics, once the export is in place.
        private func record(
            _ export: ExportStep.Outcome, into store: any HistoryWriting, settings: NightlyConfig, schedule: Schedule
        ) throws {
            // As `run`: a partial evaluation is never recorded as a whole one unless the config says so.
            _ = try UnevaluatedPolicies.requireEvaluable(
                export.tenant, allowed: settings.allowUnevaluated,
                remedy: "set allowUnevaluated: true in \(config)")
            let runner = CycleRunner(
                store: store, schedule: schedule, logger: common.logger(),
                threads: ProcessInfo.processInfo.activeProcessorCount)
            let started = ContinuousClock.now
            let now = Instant.or(self.now)
            let report: CycleRunner.Report
            do {
                report = try runner.run(observing: export.tenant, now: now)
            } catch {
                throw CommandError(error, file: settings.db)
            }
            let runDuration = ContinuousClock.now - started
            if !quiet { print("\(report.executed.count) cycles executed") }
            if settings.observed {
                // What Azure showed, beside the modelled cycles: each kind one transaction.
                let lines: [String]
                do {
                    let observed = try HistoryDatabase.store(settings.db, stream: .observed)
                    lines = try ObservedFolder(path: settings.tenant + "/observed").record(into: observed, at: now)
                } catch {
                    throw CommandError(error, file: settings.db)
                }
                if !quiet { lines.forEach { print($0) } }
            }
            if let folder = settings.report {
                try writeReport(store: store, into: folder)
                try writeLastMonthsReview(store: store, at: now, settings: settings, into: folder)
            }
            try MetricsStep.succeeded(
                settings.metrics, store: store, at: now, finished: WallClock.now(), cycles: report.executed.count,
                exportDuration: export.elapsed, runDuration: runDuration)
        }

        /// The first night of a month (or the first run after it) writes the review of the month that
        /// ended into the report folder, once: `review-YYYY-MM.md`, `.json` and `.html`.
        private func writeLastMonthsReview(
            store: any HistoryReading, at now: Date, settings: NightlyConfig, into folder: String
        ) throws {
            let month = MonthlyReview.Month(containing: now).previous
            let directory = URL(fileURLWithPath: folder)
            let marker = directory.appendingPathComponent("review-\(month).md").path
            guard !FileManager.default.fileExists(atPath: marker),
                let first = try store.firstVisible(), first < month.next.start
            else { return }
            let written = try ReviewOutput.writeMonthlyReview(
                store: store, month: month, at: month.next.start, goalsFile: settings.goals, tenantDirectory: nil,
                directory: directory)
            if !quiet { print("review of \(month): \(written.map(\.path).joined(separator: ", "))") }
        }

        private func writeReport(store: any HistoryReading, into folder: String) throws {
            let url = URL(fileURLWithPath: folder)
            do {
                let report = try PostureReport(store: store, now: try HistoryDatabase.instant(nil, in: store))
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                try report.html.write(to: url.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
                try report.trendSVG.write(
                    to: url.appendingPathComponent("trend.svg"), atomically: true, encoding: .utf8)
            } catch {
                throw CommandError.io("posture: \(folder): cannot write the report: \(error)")
            }
            if !quiet { print("report: \(url.appendingPathComponent("index.html").path)") }
        }
    }
}
