import ArgumentParser
import Foundation
import History
import Monitoring

/// `--metrics FILE`: history's figures and the run's, in the Prometheus text format, replaced atomically.
enum MetricsStep {
    /// Writes the metrics of a successful run; exit 74 when the file cannot be written.
    static func succeeded(
        _ path: String?, store: any HistoryReading, at now: Date, finished: Date, cycles: Int,
        exportDuration: Duration? = nil, runDuration: Duration
    ) throws {
        guard let path else { return }
        let run = PostureMetrics.RunFigures(
            lastSuccess: finished, succeeded: true, cyclesExecuted: cycles, exportDuration: exportDuration,
            runDuration: runDuration)
        let metrics: PostureMetrics
        do {
            metrics = try PostureMetrics(store: store, at: now, run: run)
        } catch {
            throw CommandError.io("posture: \(store.location): cannot read the figures for --metrics: \(error)")
        }
        try write(metrics, to: path)
    }

    /// After a failure: the last success stays what the previous file said, and `posture_last_run_success` is 0.
    /// A failure to write is only reported: the run's own exit code is the one that matters.
    static func failed(_ path: String?, cycles: Int = 0, exportDuration: Duration? = nil) {
        guard let path else { return }
        let file = MetricsFile(path)
        let run = PostureMetrics.RunFigures(
            lastSuccess: file.previousLastSuccess(), succeeded: false, cyclesExecuted: cycles,
            exportDuration: exportDuration)
        try? write(PostureMetrics(run: run), to: path)
    }

    private static func write(_ metrics: PostureMetrics, to path: String) throws {
        do {
            try MetricsFile(path).write(metrics.prometheusText)
        } catch {
            throw CommandError.io("posture: cannot write --metrics: \(error)")
        }
    }
}
