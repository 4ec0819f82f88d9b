import Foundation
import JSONCore
import PolicyModel

extension Assessment {
    /// The assessments of a list Azure exported: the REST API's `assessments` list (2020-01-01 or
    /// 2021-06-01, `{"value": [...]}`) or Resource Graph `securityresources` rows (`{"data": [...]}`),
    /// either spelling of `resourceDetails` (see `Finding.assessedResourceId(in:)`). Rows of other
    /// types (sub-assessments, scores, …) are skipped. `at` stands in for a missing
    /// `firstEvaluationDate` or `statusChangeDate`. Throws every malformed member with its path.
    package static func decodeObserved(_ document: JSONValue, file: String, at: Date) throws(InputError) -> [Assessment]
    {
        try decodeObserved([(document, file)], at: at)
    }

    /// The assessments of several lists (one list split in files: per subscription, per page), one
    /// per (resource, recommendation) across them all. A date after `at` (when Azure showed them) is
    /// refused: Azure cannot show a change it has not made yet. A document with no assessment is refused.
    package static func decodeObserved(
        _ documents: [(document: JSONValue, file: String)], at: Date
    ) throws(InputError) -> [Assessment] {
        let log = DiagnosticLog()
        var assessments = DistinctRows<Assessment>()
        for (document, file) in documents {
            let root = JSONNode(document, file: file, log: log)
            var decoded = 0
            for row in root.listRows(of: "assessments") {
                guard let assessment = decodeObserved(row, at: at) else { continue }
                decoded += 1
                assessments.add(
                    assessment, key: assessment.resourceId.rawValue + "\n" + assessment.key, row: row,
                    noun: "assessment of the same resource and recommendation")
            }
            // An export with no assessment at all would record every assessment as gone: refuse it
            // rather than guess that Defender was switched off.
            if log.isEmpty, decoded == 0 {
                root.report("no Microsoft.Security/assessments rows to record")
            }
        }
        guard log.isEmpty else { throw InputError(log.diagnostics) }
        return assessments.values
    }

    static let assessmentsType = "Microsoft.Security/assessments"
    static let assessmentsSegment = "/providers/Microsoft.Security/assessments/"

    private static func decodeObserved(_ row: JSONNode, at: Date) -> Assessment? {
        guard row.object() != nil else { return nil }
        if let type = row["type"].optionalString(), !type.equalsIgnoringASCIICase(assessmentsType) { return nil }
        let id = row["id"].optionalString()
        let idParts = id.flatMap(Self.split)
        guard let key = row["name"].optionalString() ?? idParts?.key else {
            row["name"].report("required string is missing (and no assessment id to take it from)")
            return nil
        }
        let properties = row["properties"]
        guard properties.object() != nil else { return nil }
        let details = properties["resourceDetails"]
        for member in ["id", "Id", "resourceId", "ResourceId"] where !details[member].isAbsent {
            guard details[member].string() != nil else { return nil }
        }
        guard let resource = row.value.flatMap(Finding.assessedResourceId) ?? idParts?.resource else {
            properties["resourceDetails"].report("names no Azure resource (no id or ResourceId, and no assessment id)")
            return nil
        }
        let resourceId = ResourceID(resource)
        guard let subscription = row["subscriptionId"].optionalString() ?? resourceId.subscriptionId else {
            properties["resourceDetails"].report("the resource '\(resource.prefix(128))' is in no subscription")
            return nil
        }
        let status = properties["status"]
        guard let codeText = status["code"].string() else { return nil }
        guard let code = Status.allCases.first(where: { $0.rawValue.equalsIgnoringASCIICase(codeText) }) else {
            status["code"].report(
                "code must be one of Healthy, Unhealthy, NotApplicable, found '\(codeText.prefix(64))'")
            return nil
        }
        let first = date(status["firstEvaluationDate"], notAfter: at)
        let changed = date(status["statusChangeDate"], notAfter: at)
        guard let first, let changed else { return nil }
        return Assessment(
            key: key, resourceId: resourceId, subscriptionId: subscription, status: code,
            cause: status["cause"].optionalString().flatMap { $0.isEmpty ? nil : $0 },
            description: status["description"].optionalString().flatMap { $0.isEmpty ? nil : $0 },
            firstEvaluationDate: first ?? at, statusChangeDate: changed ?? at, origin: .native)
    }

    /// An optional ISO 8601 date: `.some(nil)` when absent, nil (reported) when malformed or after
    /// `visible` (when Azure showed it).
    private static func date(_ node: JSONNode, notAfter visible: Date) -> Date?? {
        guard let text = node.optionalString() else { return .some(nil) }
        guard let date = ISO8601.parseInstant(text) else {
            node.report("'\(text.prefix(64))' is not an ISO 8601 date-time with a zone (Z or ±hh:mm)")
            return nil
        }
        guard date <= visible else {
            node.report("\(ISO8601.format(date)) is after the assessments were visible (\(ISO8601.format(visible)))")
            return nil
        }
        return .some(date)
    }

    /// `<resource>/providers/Microsoft.Security/assessments/<key>` split in two.
    private static func split(_ id: String) -> (resource: String, key: String)? {
        guard let range = id.range(of: assessmentsSegment, options: [.caseInsensitive, .backwards]) else { return nil }
        let key = String(id[range.upperBound...])
        return key.isEmpty || key.contains("/") ? nil : (String(id[..<range.lowerBound]), key)
    }
}
