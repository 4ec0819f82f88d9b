public import JSONCore

/// Defender recommendation metadata (`Microsoft.Security/assessmentMetadata`): what an
/// assessment means, which policy feeds it, how severe it is.
public struct Recommendation: Sendable, Equatable {
    /// `BuiltIn`, `CustomPolicy`, `CustomerManaged` or `VerifiedPartner`.
    public enum AssessmentType: String, Sendable, Equatable, CaseInsensitiveName {
        case builtIn = "BuiltIn"
        case customPolicy = "CustomPolicy"
        case customerManaged = "CustomerManaged"
        case verifiedPartner = "VerifiedPartner"
    }

    /// The assessment key (a GUID): the `name` of every assessment of this recommendation.
    public var key: String
    public var displayName: String
    public var policyDefinitionId: ResourceID?
    /// `Low`, `Medium` or `High`.
    public var severity: String
    public var categories: [String]
    public var assessmentType: AssessmentType
    public var isPreview: Bool
    public var json: JSONValue

    /// The severities Defender uses, in increasing order.
    public static let severities = ["Low", "Medium", "High"]

    public init(
        key: String, displayName: String, policyDefinitionId: ResourceID?, severity: String, categories: [String],
        assessmentType: AssessmentType, isPreview: Bool, json: JSONValue
    ) {
        self.key = key
        self.displayName = displayName
        self.policyDefinitionId = policyDefinitionId
        self.severity = severity
        self.categories = categories
        self.assessmentType = assessmentType
        self.isPreview = isPreview
        self.json = json
    }

    static func decode(_ node: JSONNode) -> Recommendation? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let key = node["name"].string(), properties.object() != nil,
            let displayName = properties["displayName"].string(), let severityText = properties["severity"].string(),
            let typeText = properties["assessmentType"].string()
        else { return nil }
        guard let severity = severities.first(where: { $0.equalsIgnoringASCIICase(severityText) }) else {
            properties["severity"].report("severity must be Low, Medium or High, found '\(severityText.prefix(64))'")
            return nil
        }
        guard let type = AssessmentType(name: typeText) else {
            properties["assessmentType"].report(
                "assessmentType must be BuiltIn, CustomPolicy, CustomerManaged or VerifiedPartner, found '\(typeText.prefix(64))'"
            )
            return nil
        }
        return Recommendation(
            key: key.lowercased(), displayName: displayName,
            policyDefinitionId: properties["policyDefinitionId"].optionalString().map(ResourceID.init),
            severity: severity, categories: properties["categories"].stringArray(), assessmentType: type,
            isPreview: properties["preview"].value?.boolValue ?? false, json: node.value ?? .null)
    }
}

/// A secure score control definition (`Microsoft.Security/secureScoreControlDefinitions`).
public struct ControlDefinition: Sendable, Equatable {
    public var key: String
    public var displayName: String
    /// Points the control is worth (0–10).
    public var maxScore: Double
    /// Assessment keys of the recommendations in the control, lower-cased.
    public var assessmentKeys: [String]
    public var json: JSONValue

    public init(key: String, displayName: String, maxScore: Double, assessmentKeys: [String], json: JSONValue) {
        self.key = key
        self.displayName = displayName
        self.maxScore = maxScore
        self.assessmentKeys = assessmentKeys
        self.json = json
    }

    /// Older display names of secure score controls and the names Defender uses now ("Secure score
    /// in Defender for Cloud", https://learn.microsoft.com/azure/defender-for-cloud/secure-score-security-controls).
    public static let formerNames: [String: String] = [
        "enable advanced threat protection": "Enable enhanced security features",
        "enable ddos protection": "Protect applications against DDoS attacks",
    ]

    /// The current name of a control called `name` (ignoring case), which may be an older one.
    public static func currentName(of name: String) -> String {
        formerNames[name.lowercased()] ?? name
    }

    /// Whether `name` names this control, by its current display name or an older one (ignoring case).
    public func isNamed(_ name: String) -> Bool {
        Self.currentName(of: name).equalsIgnoringASCIICase(Self.currentName(of: displayName))
    }

    static func decode(_ node: JSONNode) -> ControlDefinition? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let key = node["name"].string(), properties.object() != nil,
            let displayName = properties["displayName"].string()
        else { return nil }
        let maxNode = properties["maxScore"]
        guard let maxScore = maxNode.optionalNumber() else {
            if maxNode.isAbsent { maxNode.report("required number is missing") }
            return nil
        }
        if !(0...10).contains(maxScore) { maxNode.report("maxScore must be between 0 and 10, found \(maxScore)") }
        let keys = properties["assessmentDefinitions"].elements().compactMap { $0["id"].string() }
            .map { ResourceID($0).name.lowercased() }
        return ControlDefinition(
            key: key.lowercased(), displayName: displayName, maxScore: maxScore, assessmentKeys: keys,
            json: node.value ?? .null)
    }
}

/// A result Defender evaluates by itself (missing updates, MFA, vulnerability findings),
/// as a `Microsoft.Security/assessments` object.
public struct Finding: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable, CaseInsensitiveName {
        case healthy = "Healthy"
        case unhealthy = "Unhealthy"
        case notApplicable = "NotApplicable"
    }

    /// The assessment key.
    public var key: String
    /// The assessed resource (`resourceDetails.Id`, or `id` in the REST spelling).
    public var resourceId: ResourceID
    public var status: Status
    public var cause: String?
    public var description: String?
    public var json: JSONValue

    public init(
        key: String, resourceId: ResourceID, status: Status, cause: String?, description: String?, json: JSONValue
    ) {
        self.key = key
        self.resourceId = resourceId
        self.status = status
        self.cause = cause
        self.description = description
        self.json = json
    }

    static func decode(_ node: JSONNode) -> Finding? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let key = node["name"].string(), properties.object() != nil else { return nil }
        guard properties["resourceDetails"].object() != nil else { return nil }
        guard let value = node.value, let resourceId = Finding.assessedResourceId(in: value) else {
            properties["resourceDetails"].report("resourceDetails needs the assessed resource's 'Id' (or 'id') string")
            return nil
        }
        let statusNode = properties["status"]
        guard statusNode.object() != nil, let code = statusNode["code"].string() else { return nil }
        guard let status = Status(name: code) else {
            statusNode["code"].report(
                "status.code must be Healthy, Unhealthy or NotApplicable, found '\(code.prefix(64))'")
            return nil
        }
        return Finding(
            key: key.lowercased(), resourceId: ResourceID(resourceId), status: status,
            cause: statusNode["cause"].optionalString(), description: statusNode["description"].optionalString(),
            json: node.value ?? .null)
    }
}

extension Finding {
    /// `Microsoft.Security/assessments`: the type of the resource Defender publishes for each assessment.
    public static let resourceType = "Microsoft.Security/assessments"

    /// The id Defender gives the assessment of `key` on `resource`:
    /// `<resource id>/providers/Microsoft.Security/assessments/<key>`.
    public static func assessmentId(key: String, on resource: ResourceID) -> ResourceID {
        ResourceID(resource.rawValue + "/providers/" + resourceType + "/" + key)
    }

    /// The assessment resource Defender publishes, which AuditIfNotExists policies over
    /// `Microsoft.Security/assessments` read: `object` with its `id`, `name` and `type` set (in their
    /// places where `object` has them, first where it does not). Every published assessment (a tenant's
    /// finding, a native assessment from history, the API shape the output writes) is built here.
    public static func publishedResource(key: String, on resource: ResourceID, _ object: JSONObject) -> Resource {
        let id = assessmentId(key: key, on: resource)
        var json = object
        if object.index(of: "id") == nil {
            // An object that does not name itself gets `id`, `name` and `type` first, as the API writes them.
            json = ["id": .null, "name": .null, "type": .null]
            for member in object { json[member.key] = member.value }
        }
        json["id"] = .string(id.rawValue)
        json["name"] = .string(key)
        json["type"] = .string(resourceType)
        return Resource(id: id, type: resourceType, json: .object(json))
    }

    /// The finding as the assessment resource Defender publishes.
    public var publishedResource: Resource {
        Self.publishedResource(key: key, on: resourceId, json.objectValue ?? JSONObject())
    }
}
