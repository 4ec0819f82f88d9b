import Foundation
import Scheduling

/// `posture lag --monte-carlo 100000` on both shipped schedules: a year of changes at uniformly random
/// instants (seed 1), each followed through policy, Defender and the score, timelines planned
/// included. The schedules are `--schedule` and `azure-documented.yaml` beside it (when it is another file).
struct MonteCarloStage: BenchStage {
    let name = "Monte Carlo"
    let floors: [Floor] = []
    let schedulePath: String
    /// Changes per schedule.
    var changes = 100_000

    func run(_ state: inout BenchState) -> StageOutcome {
        let documented = URL(fileURLWithPath: schedulePath).deletingLastPathComponent().appendingPathComponent(
            "azure-documented.yaml"
        ).path
        var paths = [schedulePath]
        if FileManager.default.fileExists(atPath: documented),
            documented != URL(fileURLWithPath: schedulePath).standardized.path
        {
            paths.append(documented)
        }
        do {
            let schedules = try paths.map { try Schedule.load(path: $0) }
            let run = LagMonteCarlo(window: LagMonteCarlo.year(2026), count: changes, seed: 1)
            var distributions: [LagDistribution] = []
            let m = Meter.measure(unit: "changes") {
                distributions = run.scoreLags(schedules.map { CycleTimeline(schedule: $0, window: run.window) })
                return changes * schedules.count
            }
            for (path, d) in zip(paths, distributions) {
                progress(
                    "Monte Carlo: \(URL(fileURLWithPath: path).lastPathComponent): change-to-score lag p50 \(DurationText.iso8601(Int(d.p50.rounded()))), p99 \(DurationText.iso8601(Int(d.p99.rounded()))), max \(DurationText.iso8601(Int(d.max.rounded())))"
                )
            }
            state.seconds[name] = m.seconds
            return .measured(m)
        } catch {
            return .failed("\(error)")
        }
    }
}
