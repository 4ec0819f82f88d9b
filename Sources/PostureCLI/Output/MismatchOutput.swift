import Defender
import Foundation
import HistoryQueries
import JSONCore
import PolicyModel
import Scheduling

/// Prints Policy/Defender mismatches as a table, as JSON (`{"at", "value": [...]}`) or as CSV.
struct MismatchOutput {
    let at: Date
    let mismatches: [Mismatch]

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .json:
            return JSONWriter().string(["at": .string(ISO8601.format(at)), "value": .array(mismatches.map(Self.json))])
        case .csv:
            var csv = CSVWriter([
                "direction", "resourceId", "recommendationKey", "recommendationDisplayName", "complianceState",
                "policyAssignmentId", "policyDefinitionReferenceId", "reconciledStatus", "defenderStatus",
                "defenderCause",
                "defenderOrigin", "since", "expectedResolution",
            ])
            for m in mismatches {
                csv.append([
                    m.direction.rawValue, m.resourceId.rawValue, m.recommendationKey, m.recommendationName,
                    m.policyState?.complianceState.rawValue ?? "", m.policyState?.policyAssignmentId.rawValue ?? "",
                    m.policyState?.policyDefinitionReferenceId ?? "", m.reconciled?.status.rawValue ?? "",
                    m.defender?.status.rawValue ?? "", m.defender?.cause ?? "", m.defender.map(Self.origin) ?? "",
                    ISO8601.format(m.since), m.expectedResolution.map(ISO8601.format) ?? "",
                ])
            }
            return csv.text
        case .table:
            guard !mismatches.isEmpty else { return "Azure Policy and Defender agree at \(ISO8601.format(at))." }
            var table = TextTable([
                "direction", "resource", "recommendation", "policy", "Defender", "since", "resolves",
            ])
            for m in mismatches {
                table.append([
                    m.direction.label, m.resourceId.name, m.recommendationName, Self.policyText(m),
                    Self.defenderText(m),
                    ISO8601.format(m.since),
                    m.expectedResolution.map {
                        "\(ISO8601.format($0)) (in \(DurationText.format(Int($0.timeIntervalSince(at)))))"
                    } ?? "-",
                ])
            }
            return table.render()
                + "\n\n\(mismatches.count) mismatch\(mismatches.count == 1 ? "" : "es") at \(ISO8601.format(at))"
        }
    }

    /// `NonCompliant → Unhealthy (contoso-sec-baseline/webAppMinTls)`: the state, what Defender makes of it, where it comes from.
    static func policyText(_ m: Mismatch) -> String {
        var text = m.policyState?.complianceState.rawValue ?? "no state"
        if m.direction == .policyToDefender { text += " → " + (m.reconciled.map(status) ?? "none") }
        if let state = m.policyState {
            text +=
                " (" + state.policyAssignmentId.name + (state.policyDefinitionReferenceId.map { "/" + $0 } ?? "") + ")"
        }
        return text
    }

    static func defenderText(_ m: Mismatch) -> String {
        guard let a = m.defender else { return "none" }
        return status(a) + (a.origin == .native ? " (native)" : "")
    }

    static func status(_ a: Assessment) -> String {
        a.status.rawValue + (a.cause.map { "/" + $0 } ?? "")
    }

    static func origin(_ a: Assessment) -> String {
        a.origin == .native ? "native" : "policy"
    }

    /// `{"code", "cause"}` as in an assessment's `status`, without a null cause.
    static func statusJSON(_ a: Assessment) -> JSONValue {
        var status: JSONObject = ["code": .string(a.status.rawValue)]
        if let cause = a.cause { status["cause"] = .string(cause) }
        return .object(status)
    }

    static func json(_ m: Mismatch) -> JSONValue {
        var object = JSONObject()
        object["direction"] = .string(m.direction.rawValue)
        object["resourceId"] = .string(m.resourceId.rawValue)
        object["recommendationKey"] = .string(m.recommendationKey)
        object["recommendationDisplayName"] = .string(m.recommendationName)
        if let state = m.policyState {
            var policy = JSONObject()
            policy["complianceState"] = .string(state.complianceState.rawValue)
            policy["policyAssignmentId"] = .string(state.policyAssignmentId.rawValue)
            if let reference = state.policyDefinitionReferenceId {
                policy["policyDefinitionReferenceId"] = .string(reference)
            }
            object["policyState"] = .object(policy)
        }
        if let r = m.reconciled { object["reconciledStatus"] = statusJSON(r) }
        if let a = m.defender {
            object["defenderStatus"] = statusJSON(a)
            object["defenderOrigin"] = .string(origin(a))
        }
        object["since"] = .string(ISO8601.format(m.since))
        if let end = m.expectedResolution { object["expectedResolution"] = .string(ISO8601.format(end)) }
        return .object(object)
    }
}
