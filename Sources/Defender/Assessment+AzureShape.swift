import JSONCore
import PolicyModel

extension Assessment {
    /// The assessment in the shape the 2021-06-01 API returns it: `resourceDetails`, `displayName` when
    /// given, `status` with its cause, description and dates, and `metadata` when given (`$expand=metadata`).
    package func azureJSON(displayName: String? = nil, metadata: JSONObject? = nil) -> JSONValue {
        var status: JSONObject = ["code": .string(self.status.rawValue)]
        if let cause { status["cause"] = .string(cause) }
        if let description { status["description"] = .string(description) }
        status["firstEvaluationDate"] = .string(ISO8601.format(firstEvaluationDate))
        status["statusChangeDate"] = .string(ISO8601.format(statusChangeDate))
        var properties: JSONObject = ["resourceDetails": ["source": "Azure", "id": .string(resourceId.rawValue)]]
        if let displayName { properties["displayName"] = .string(displayName) }
        properties["status"] = .object(status)
        if let metadata { properties["metadata"] = .object(metadata) }
        return Finding.publishedResource(key: key, on: resourceId, ["properties": .object(properties)]).json
    }

    /// The assessment as the resource Defender publishes, which policies over
    /// `Microsoft.Security/assessments` read (`properties.status.code`, …).
    package var publishedResource: Resource {
        Finding.publishedResource(key: key, on: resourceId, azureJSON().objectValue ?? JSONObject())
    }
}
