import Defender
import JSONCore
import PolicyModel

/// Prints assessments as a table for people, or as Azure's JSON list / CSV for tools.
struct AssessmentOutput {
    let assessments: [Assessment]
    let shapes: AzureShapes

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONWriter().string(["value": .array(assessments.map(shapes.json))])
        case .csv:
            var csv = CSVWriter([
                "id", "name", "resourceId", "subscriptionId", "displayName", "status", "cause", "description",
                "severity",
                "assessmentType", "firstEvaluationDate", "statusChangeDate",
            ])
            for a in assessments {
                let r = shapes.catalog[a.key]
                csv.append([
                    a.id, a.key, a.resourceId.rawValue, a.subscriptionId, r?.displayName ?? "", a.status.rawValue,
                    a.cause ?? "", a.description ?? "", r?.severity ?? "", r?.assessmentType.rawValue ?? "",
                    ISO8601.format(a.firstEvaluationDate), ISO8601.format(a.statusChangeDate),
                ])
            }
            return csv.text
        case .table:
            var table = TextTable(["resource", "recommendation", "status", "cause", "since"])
            for a in assessments {
                table.append([
                    a.resourceId.name, shapes.catalog[a.key]?.displayName ?? a.key, a.status.rawValue, a.cause ?? "",
                    ISO8601.format(a.statusChangeDate),
                ])
            }
            let counts = Assessment.Status.allCases.map { s in
                "\(assessments.filter { $0.status == s }.count) \(s.rawValue)"
            }
            return table.render() + "\n\n\(assessments.count) assessments: " + counts.joined(separator: ", ")
        }
    }
}
