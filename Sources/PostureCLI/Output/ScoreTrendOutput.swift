import Foundation
import HistoryQueries
import JSONCore
import PolicyModel

/// Prints a trend: a table with a row per sample and a column per series, JSON
/// (`{samples, series: [{key, label, values}]}`, values as 0–1 ratios or null) or CSV (one row
/// per sample and series).
struct ScoreTrendOutput {
    let trend: ScoreTrend

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            let series: [JSONValue] = trend.series.map { s in
                [
                    "key": .string(s.key), "label": .string(s.label),
                    "values": .array(s.values.map { $0.map(JSONValue.number) ?? .null }),
                ]
            }
            return JSONWriter().string([
                "samples": .array(trend.samples.map { .string(ISO8601.format($0)) }), "series": .array(series),
            ])
        case .csv:
            var csv = CSVWriter(["at", "key", "label", "percentage"])
            for (index, at) in trend.samples.enumerated() {
                for s in trend.series {
                    csv.append([ISO8601.format(at), s.key, s.label, s.values[index].map { String($0) } ?? ""])
                }
            }
            return csv.text
        case .table:
            var table = TextTable(["at"] + trend.series.map(\.label))
            for (index, at) in trend.samples.enumerated() {
                table.append(
                    [ISO8601.format(at)] + trend.series.map { s in s.values[index].map { Figures.percent($0) } ?? "–" })
            }
            return table.render()
        }
    }
}
