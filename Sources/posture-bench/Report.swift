import Foundation
import JSONCore

/// The figures of one run, printed as a table for people or JSON for machines.
struct Report {
    struct Row {
        var name: String
        var outcome: StageOutcome
        var floors: [Floor]
    }

    var machine: [(String, String)]
    var rows: [Row] = []
    var floorMeasurements: [Floor: Measurement] = [:]

    func ratios(_ row: Row) -> [(Floor, Double)] {
        guard case .measured(let m) = row.outcome else { return [] }
        return row.floors.compactMap { floor in
            guard let f = floorMeasurements[floor], f.seconds > 0 else { return nil }
            return (floor, m.seconds / f.seconds)
        }
    }

    func table() -> String {
        var lines = machine.map { "\($0.0): \($0.1)" }
        lines.append("")
        let header = ["stage", "time (s)", "items", "throughput", "peak RSS (MB)", "vs floors"]
        var cells: [[String]] = []
        for row in rows {
            switch row.outcome {
            case .measured(let m):
                cells.append([
                    row.name, String(format: "%.3f", m.seconds), "\(m.items) \(m.unit)",
                    String(format: "%.0f %@/s", m.throughput, m.unit),
                    String(format: "%.0f", Double(m.peakBytes) / 1_048_576),
                    ratios(row).map { String(format: "%.2f× (%@)", $0.1, $0.0.rawValue) }.joined(separator: ", "),
                ])
            case .notBuiltYet(let why): cells.append([row.name, "not built yet", why, "", "", ""])
            case .failed(let why): cells.append([row.name, "failed", why, "", "", ""])
            }
        }
        let widths = header.indices.map { c in ([header] + cells).map { $0[c].count }.max() ?? 0 }
        for line in [header] + cells {
            lines.append(
                line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let stages: [JSONValue] = rows.map { row in
            var members: [JSONObject.Member] = [.init(key: "stage", value: .string(row.name))]
            switch row.outcome {
            case .measured(let m):
                members += [
                    .init(key: "seconds", value: .number(m.seconds)),
                    .init(key: "items", value: .number(Double(m.items))),
                    .init(key: "unit", value: .string(m.unit)),
                    .init(key: "perSecond", value: .number(m.throughput.rounded())),
                    .init(key: "peakRSSBytes", value: .number(Double(m.peakBytes))),
                    .init(
                        key: "ratios",
                        value: .object(
                            JSONObject(
                                ratios(row).map {
                                    .init(key: $0.0.rawValue, value: .number(($0.1 * 100).rounded() / 100))
                                }))),
                ]
            case .notBuiltYet(let why):
                members += [.init(key: "status", value: "not built yet"), .init(key: "reason", value: .string(why))]
            case .failed(let why):
                members += [.init(key: "status", value: "failed"), .init(key: "reason", value: .string(why))]
            }
            return .object(JSONObject(members))
        }
        let document: JSONValue = .object(
            JSONObject([
                .init(
                    key: "machine", value: .object(JSONObject(machine.map { .init(key: $0.0, value: .string($0.1)) }))),
                .init(key: "stages", value: .array(stages)),
            ]))
        return JSONWriter(pretty: true).string(document)
    }
}
