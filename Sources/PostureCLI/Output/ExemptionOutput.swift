import HistoryQueries
import JSONCore
import PolicyModel
import Scheduling

/// Prints an exemption report: a table or CSV with PostureSync's findings (status, covered
/// resources, compliant anyway), or Azure's own `policyExemptions` list shape as JSON.
struct ExemptionOutput {
    let report: ExemptionReport
    let entries: [ExemptionReport.Entry]

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONWriter().string(ExemptionReport.azureList(entries))
        case .csv:
            var csv = CSVWriter([
                "id", "name", "status", "orphanReasons", "exemptionCategory", "scope", "policyAssignmentId",
                "policyDefinitionReferenceIds", "expiresOn", "coveredResources", "compliantAnyway",
            ])
            for entry in entries {
                let e = entry.exemption
                csv.append([
                    e.id.rawValue, e.name, entry.status.rawValue,
                    entry.orphanReasons.map(\.rawValue).joined(separator: ";"),
                    e.category.rawValue, e.scope.rawValue, e.policyAssignmentId.rawValue,
                    e.policyDefinitionReferenceIds.joined(separator: ";"), e.expiresOn.map(ISO8601.format) ?? "",
                    entry.coveredResources.map(\.rawValue).joined(separator: ";"), Self.text(entry.compliantAnyway),
                ])
            }
            return csv.text
        case .table:
            var table = TextTable([
                "status", "exemption", "category", "scope", "assignment", "references", "expiresOn", "covered",
                "compliantAnyway",
            ])
            for entry in entries {
                let e = entry.exemption
                let status =
                    entry.orphanReasons.isEmpty
                    ? entry.status.rawValue
                    : "orphaned (" + entry.orphanReasons.map(\.rawValue).joined(separator: ", ") + ")"
                table.append([
                    status, e.name, e.category.rawValue, e.scope.name, e.policyAssignmentId.name,
                    e.policyDefinitionReferenceIds.isEmpty
                        ? "(all)" : e.policyDefinitionReferenceIds.joined(separator: ", "),
                    e.expiresOn.map(ISO8601.format) ?? "-",
                    entry.coveredResources.isEmpty ? "-" : entry.coveredResources.map(\.name).joined(separator: ", "),
                    Self.text(entry.compliantAnyway),
                ])
            }
            let counts = ExemptionStatus.allCases.map { s in "\(entries.filter { $0.status == s }.count) \(s.rawValue)"
            }
            return table.render() + "\n\n\(entries.count) exemptions at \(ISO8601.format(report.at)): "
                + counts.joined(separator: ", ") + " (expiring = within \(DurationText.format(Int(report.window))))"
        }
    }

    /// `true`, `false` or `unknown`.
    static func text(_ value: Bool?) -> String {
        value.map { $0 ? "true" : "false" } ?? "unknown"
    }
}
