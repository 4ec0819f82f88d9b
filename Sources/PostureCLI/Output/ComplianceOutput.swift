import Defender
import JSONCore
import PolicyModel

/// Prints regulatory standards: a table per standard for people; for tools Defender's API lists
/// (`--format json`), the detailed per-resource form (`detail-json`) or CSV.
struct ComplianceOutput {
    let standards: [RegulatoryStandard]

    /// The API's three lists as list pages under their collection names, or one page alone.
    static func render(_ lists: RegulatoryComplianceLists, level: Posture.Compliance.Level?) -> String {
        let page = { (items: [JSONValue]) -> JSONValue in ["value": .array(items)] }
        switch level {
        case .standards: return JSONWriter().string(page(lists.standards))
        case .controls: return JSONWriter().string(page(lists.controls))
        case .assessments: return JSONWriter().string(page(lists.assessments))
        case nil:
            return JSONWriter().string([
                "regulatoryComplianceStandards": page(lists.standards),
                "regulatoryComplianceControls": page(lists.controls),
                "regulatoryComplianceAssessments": page(lists.assessments),
            ])
        }
    }

    /// Per standard and control, the state and the resources behind it (`--format detail-json`).
    var detailJSON: String {
        let ids = { (resources: [ResourceID]) -> JSONValue in .array(resources.map { .string($0.rawValue) }) }
        return JSONWriter().string(
            .array(
                standards.map { s in
                    [
                        "id": .string(s.initiativeId.rawValue), "displayName": .string(s.displayName),
                        "state": .string(s.state.rawValue),
                        "assignments": .array(s.assignmentIds.map { .string($0.rawValue) }),
                        "controls": .array(
                            s.controls.map { c in
                                [
                                    "name": .string(c.name),
                                    "displayName": c.displayName.map(JSONValue.string) ?? .null,
                                    "state": .string(c.state.rawValue),
                                    "policies": .array(c.policies.map(JSONValue.string)),
                                    "passedResources": ids(c.passedResources),
                                    "failedResources": ids(c.failedResources),
                                    "skippedResources": ids(c.skippedResources),
                                ]
                            }),
                    ]
                }))
    }

    var csv: String {
        var csv = CSVWriter(["standard", "control", "displayName", "state", "passed", "failed", "skipped"])
        for s in standards {
            for c in s.controls {
                csv.append([
                    s.displayName, c.name, c.displayName ?? "", c.state.rawValue, String(c.passedResources.count),
                    String(c.failedResources.count), String(c.skippedResources.count),
                ])
            }
        }
        return csv.text
    }

    var table: String {
        guard !standards.isEmpty else {
            return "No regulatory standard is assigned (an initiative with metadata \"ASC\": \"true\")."
        }
        return standards.map { s in
            let counts = s.counts
            var table = TextTable(["control", "state", "passed", "failed", "skipped", "failing resources"])
            for c in s.controls {
                table.append([
                    c.displayName ?? c.name, c.state.rawValue, String(c.passedResources.count),
                    String(c.failedResources.count), String(c.skippedResources.count),
                    c.failedResources.prefix(3).map(\.name).joined(separator: ", ")
                        + (c.failedResources.count > 3 ? ", …" : ""),
                ])
            }
            return "\(s.displayName): \(s.state.rawValue), \(counts.passed) of \(counts.total) controls passed, "
                + "\(counts.failed) failed, \(counts.skipped) skipped, \(counts.unsupported) unsupported\n"
                + table.render(indent: "  ")
        }.joined(separator: "\n\n")
    }
}
