import Defender
import JSONCore

/// Prints the secure score per owning team (seed 004: responsible teams track their part).
struct TeamOutput {
    let teams: [TeamScore]

    func render(_ format: OutputFormat) -> String {
        func percent(_ r: Double) -> String { String((r * 1000).rounded() / 10) + "%" }
        switch format {
        case .json:
            return JSONWriter().string(.array(teams.map { t in
                [
                    "team": .string(t.team), "percentage": .number((t.score.ratio * 10_000).rounded() / 10_000),
                    "unhealthyAssessments": .number(Double(t.unhealthyAssessments)),
                    "unhealthyResources": .number(Double(t.unhealthyResources)),
                ]
            }))
        case .csv:
            var csv = CSVWriter(["team", "percentage", "unhealthyAssessments", "unhealthyResources"])
            for t in teams {
                csv.append([t.team, String((t.score.ratio * 10_000).rounded() / 10_000), String(t.unhealthyAssessments), String(t.unhealthyResources)])
            }
            return csv.text
        case .table:
            var table = TextTable(["team", "score", "unhealthy assessments", "unhealthy resources"])
            for t in teams {
                table.append([t.team, percent(t.score.ratio), String(t.unhealthyAssessments), String(t.unhealthyResources)])
            }
            return table.render()
        }
    }
}
