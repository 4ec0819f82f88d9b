import Defender
import JSONCore
import PolicyModel

/// Prints the secure score per owning team (seed 004: responsible teams track their part).
struct TeamOutput {
    let teams: [TeamScore]

    func render(_ format: OutputFormat) -> String {
        func percent(_ r: Double) -> String { Figures.percent(r, .rounded) }
        switch format {
        case .json:
            return JSONWriter().string(
                .array(
                    teams.map { t in
                        [
                            "team": .string(t.team), "percentage": .number(Figures.rounded(t.score.ratio)),
                            "unhealthyAssessments": .number(Double(t.unhealthyAssessments)),
                            "unhealthyResources": .number(Double(t.unhealthyResources)),
                        ]
                    }))
        case .csv:
            var csv = CSVWriter(["team", "percentage", "unhealthyAssessments", "unhealthyResources"])
            for t in teams {
                csv.append([
                    t.team, String(Figures.rounded(t.score.ratio)), String(t.unhealthyAssessments),
                    String(t.unhealthyResources),
                ])
            }
            return csv.text
        case .table:
            var table = TextTable(["team", "score", "unhealthy assessments", "unhealthy resources"])
            for t in teams {
                table.append([
                    t.team, percent(t.score.ratio), String(t.unhealthyAssessments), String(t.unhealthyResources),
                ])
            }
            return table.render()
        }
    }
}
