import JSONCore
import PolicyModel

/// The three lists of Defender's regulatory compliance API (`Microsoft.Security` 2019-01-01-preview):
/// each item in the shape of `RegulatoryComplianceStandard`, `RegulatoryComplianceControl` and
/// `RegulatoryComplianceAssessment`, over every subscription and standard.
package struct RegulatoryComplianceLists: Sendable, Equatable {
    package var standards: [JSONValue] = []
    package var controls: [JSONValue] = []
    package var assessments: [JSONValue] = []
}

extension AzureShapes {
    /// Type names as the API's examples print them.
    static let standardType = "Microsoft.Security/regulatoryComplianceStandard"
    static let controlType = "Microsoft.Security/regulatoryComplianceControl"
    static let assessmentType = "Microsoft.Security/regulatoryComplianceAssessment"

    /// Every subscription's standards, their controls and those controls' assessments, with ids
    /// `/subscriptions/{sub}/providers/Microsoft.Security/regulatoryComplianceStandards/{standard}`
    /// `/regulatoryComplianceControls/{control}/regulatoryComplianceAssessments/{assessment}`.
    package func regulatoryCompliance(_ subscriptions: [SubscriptionCompliance]) -> RegulatoryComplianceLists {
        var lists = RegulatoryComplianceLists()
        for subscription in subscriptions {
            for standard in subscription.standards {
                let standardId =
                    "/subscriptions/" + subscription.subscriptionId
                    + "/providers/Microsoft.Security/regulatoryComplianceStandards/" + Self.segment(standard.name)
                lists.standards.append(json(standard, id: standardId))
                for control in standard.controls {
                    let controlId = standardId + "/regulatoryComplianceControls/" + Self.segment(control.name)
                    lists.controls.append(json(control, id: controlId))
                    for assessment in control.assessments {
                        lists.assessments.append(
                            json(
                                assessment, id: controlId + "/regulatoryComplianceAssessments/" + assessment.name,
                                subscriptionId: subscription.subscriptionId))
                    }
                }
            }
        }
        return lists
    }

    private func json(_ standard: RegulatoryStandard, id: String) -> JSONValue {
        let counts = standard.counts
        return [
            "id": .string(id), "name": .string(standard.name), "type": .string(Self.standardType),
            "properties": [
                "state": .string(counts.state.rawValue),
                "passedControls": .number(Double(counts.passed)), "failedControls": .number(Double(counts.failed)),
                "skippedControls": .number(Double(counts.skipped)),
                "unsupportedControls": .number(Double(counts.unsupported)),
            ],
        ]
    }

    private func json(_ control: RegulatoryControl, id: String) -> JSONValue {
        let counts = control.counts
        var properties: JSONObject = [
            "state": .string(counts.state.rawValue),
            "passedAssessments": .number(Double(counts.passed)), "failedAssessments": .number(Double(counts.failed)),
            "skippedAssessments": .number(Double(counts.skipped)),
        ]
        if let description = control.displayName ?? control.description {
            properties["description"] = .string(description)
        }
        return [
            "id": .string(id), "name": .string(control.name), "type": .string(Self.controlType),
            "properties": .object(properties),
        ]
    }

    /// An assessment fed by a recommendation links to its status, as the API's examples do.
    private func json(_ assessment: RegulatoryAssessment, id: String, subscriptionId: String) -> JSONValue {
        var properties: JSONObject = [
            "state": .string(assessment.state.rawValue),
            "passedResources": .number(Double(assessment.passedResources.count)),
            "failedResources": .number(Double(assessment.failedResources.count)),
            "skippedResources": .number(Double(assessment.skippedResources.count)),
            "unsupportedResources": .number(Double(assessment.unsupportedResources.count)),
        ]
        if let description = assessment.description { properties["description"] = .string(description) }
        if let key = assessment.recommendationKey {
            properties["assessmentType"] = "Assessment"
            properties["assessmentDetailsLink"] = .string(
                "https://management.azure.com/subscriptions/" + subscriptionId
                    + "/providers/Microsoft.Security/securityStatuses/" + key)
        }
        return [
            "id": .string(id), "name": .string(assessment.name), "type": .string(Self.assessmentType),
            "properties": .object(properties),
        ]
    }

    /// A name as one segment of an id: `%`, `/`, `?` and `#` percent-encoded so that the id splits back.
    static func segment(_ name: String) -> String {
        var out = ""
        for c in name {
            switch c {
            case "%": out += "%25"
            case "/": out += "%2F"
            case "?": out += "%3F"
            case "#": out += "%23"
            default: out.append(c)
            }
        }
        return out
    }
}
