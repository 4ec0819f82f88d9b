import JSONCore
import PolicyModel
import Scheduling

/// Prints `posture lag --monte-carlo`: one row per schedule (and per schedule with its daily scan),
/// the lag distribution as ISO 8601 durations, rounded to the second.
struct MonteCarloOutput {
    /// A schedule as compared: its file and the daily scan added to it, if any.
    struct Row {
        var schedule: String
        var timeline: CycleTimeline

        var name: String { timeline.scanAt.map { "\(schedule) + daily scan \($0)" } ?? schedule }
    }

    let run: LagMonteCarlo
    let rows: [Row]
    let distributions: [LagDistribution]

    func render(_ format: DocumentFormat) -> String {
        format == .json ? JSONWriter().string(json) : table
    }

    private static func statistics(_ d: LagDistribution) -> [(String, Double)] {
        [("min", d.min), ("p50", d.p50), ("p90", d.p90), ("p99", d.p99), ("max", d.max)]
    }

    private static func duration(_ seconds: Double) -> String { DurationText.iso8601(Int(seconds.rounded())) }

    private var json: JSONValue {
        let schedules: [JSONValue] = zip(rows, distributions).map { row, d in
            var members: [JSONObject.Member] = [
                .init(key: "schedule", value: .string(row.schedule)),
                .init(key: "scanAt", value: row.timeline.scanAt.map { .string($0.description) } ?? .null),
            ]
            members += Self.statistics(d).map { .init(key: $0.0, value: .string(Self.duration($0.1))) }
            members.append(
                .init(
                    key: "seconds",
                    value: .object(
                        JSONObject(Self.statistics(d).map { .init(key: $0.0, value: .number($0.1.rounded())) }))))
            return .object(JSONObject(members))
        }
        return [
            "changes": .number(Double(run.count)), "seed": .number(Double(run.seed)),
            "from": .string(ISO8601.format(run.window.lowerBound)),
            "to": .string(ISO8601.format(run.window.upperBound)),
            "schedules": .array(schedules),
        ]
    }

    private var table: String {
        var table = TextTable(["schedule", "min", "p50", "p90", "p99", "max"])
        for (row, d) in zip(rows, distributions) {
            table.append([row.name] + Self.statistics(d).map { Self.duration($0.1) })
        }
        let heading =
            "change-to-score lag of \(run.count) changes at uniformly random instants from \(ISO8601.format(run.window.lowerBound)) to \(ISO8601.format(run.window.upperBound)), seed \(run.seed)"
        return heading + "\n" + table.render()
    }
}
