import Defender
import History
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

    /// What Azure showed (`--source observed`): per subscription and standard, its state and counts,
    /// then its controls'; assessments are in `--format json`.
    static func observedTable(_ items: [ObservedComplianceItem], cycle: Cycle) -> String {
        let figure = { (n: Int?) in n.map(String.init) ?? "–" }
        var out = "Regulatory compliance as Azure showed it (observed cycle \(cycle.seq), visible at "
        out += ISO8601.format(cycle.visibleAt) + ")\n"
        for standard in items where standard.level == .standard {
            out += "\n\(standard.standard) in subscription \(standard.subscriptionId): \(standard.state.rawValue), "
            out += "controls \(figure(standard.passed)) passed, \(figure(standard.failed)) failed, "
            out += "\(figure(standard.skipped)) skipped, \(figure(standard.unsupported)) unsupported\n"
            var table = TextTable(["control", "state", "passed", "failed", "skipped", "description"])
            for c in items where c.level == .control && c.key[0] == standard.key[0] && c.key[1] == standard.key[1] {
                table.append([
                    c.control, c.state.rawValue, figure(c.passed), figure(c.failed), figure(c.skipped),
                    String((c.description ?? "").prefix(60)),
                ])
            }
            out += table.rows.isEmpty ? "  (no control listed)\n" : table.render(indent: "  ")
        }
        return out
    }

    /// Every observed standard, control and assessment, one line each, counts as Azure gave them.
    static func observedCSV(_ items: [ObservedComplianceItem]) -> String {
        var csv = CSVWriter([
            "subscriptionId", "standard", "control", "assessment", "state", "passed", "failed", "skipped",
            "unsupported", "description",
        ])
        for i in items {
            csv.append([
                i.subscriptionId, i.standard, i.control, i.assessment, i.state.rawValue,
                i.passed.map(String.init) ?? "",
                i.failed.map(String.init) ?? "", i.skipped.map(String.init) ?? "", i.unsupported.map(String.init) ?? "",
                i.description ?? "",
            ])
        }
        return csv.text
    }
}
