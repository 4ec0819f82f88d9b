import JSONCore
import PolicyModel

extension PolicyExemption {
    /// The exemption as Azure's REST API returns it (`Microsoft.Authorization/policyExemptions`,
    /// 2022-07-01-preview): `properties`, `systemData` when the input had it, `id`, `type`, `name`.
    /// Properties are written from the decoded model, so the singular `policyDefinitionReferenceId`
    /// spelling comes out as `policyDefinitionReferenceIds` and the category in Azure's casing.
    package var azureJSON: JSONValue {
        var properties = JSONObject()
        properties["policyAssignmentId"] = .string(policyAssignmentId.rawValue)
        if !policyDefinitionReferenceIds.isEmpty {
            properties["policyDefinitionReferenceIds"] = .array(policyDefinitionReferenceIds.map(JSONValue.string))
        }
        properties["exemptionCategory"] = .string(category.rawValue)
        if let displayName { properties["displayName"] = .string(displayName) }
        if let description { properties["description"] = .string(description) }
        if let metadata { properties["metadata"] = metadata }
        if let expiresOn { properties["expiresOn"] = .string(ISO8601.format(expiresOn)) }
        if let selectors = json["properties"]?["resourceSelectors"], !selectors.isNull {
            properties["resourceSelectors"] = selectors
        }
        properties["assignmentScopeValidation"] = .string(assignmentScopeValidation.rawValue)
        var object = JSONObject()
        object["properties"] = .object(properties)
        if let systemData = json["systemData"], !systemData.isNull { object["systemData"] = systemData }
        object["id"] = .string(id.rawValue)
        object["type"] = "Microsoft.Authorization/policyExemptions"
        object["name"] = .string(name)
        return .object(object)
    }
}

extension ExemptionReport {
    /// The entries as Azure's list of exemptions (`PolicyExemptionListResult`): `{"value": [...]}`.
    package static func azureList(_ entries: [Entry]) -> JSONValue {
        ["value": .array(entries.map(\.exemption.azureJSON))]
    }
}
