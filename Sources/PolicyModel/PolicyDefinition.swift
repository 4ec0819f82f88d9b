public import JSONCore

/// A policy definition (`Microsoft.Authorization/policyDefinitions`), built-in or custom.
/// The rule stays JSON here; the engine compiles it.
public struct PolicyDefinition: Sendable, Equatable {
    public var id: ResourceID
    public var name: String
    public var displayName: String?
    /// `BuiltIn`, `Custom`, `Static`, as written.
    public var policyType: String?
    /// `All`, `Indexed`, or a resource-provider mode; absent means `Indexed`.
    public var mode: String
    public var parameters: [ParameterDefinition]
    /// `properties.policyRule`: `{if, then}`.
    public var policyRule: JSONValue
    public var metadata: JSONObject
    /// The whole object as loaded.
    public var json: JSONValue

    /// The category from metadata (`Security Center`, `App Service`, …).
    public var category: String? { metadata["category"]?.stringValue }

    /// `metadata.securityCenter`, present on definitions that feed a custom Defender recommendation.
    public var securityCenter: JSONObject? { metadata["securityCenter"]?.objectValue }

    /// Decodes one definition; nil (with diagnostics) when a required member is missing or malformed.
    static func decode(_ node: JSONNode) -> PolicyDefinition? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let id = node["id"].string(), properties.object() != nil else { return nil }
        let mode = properties["mode"].optionalString() ?? "Indexed"
        let rule = properties["policyRule"]
        guard let ruleObject = rule.object() else { return nil }
        if ruleObject["if"] == nil { rule["if"].report("policy rule has no 'if' condition") }
        if rule["then"].object() != nil, rule["then"]["effect"].value == nil {
            rule["then"]["effect"].report("policy rule has no 'then.effect'")
        }
        return PolicyDefinition(
            id: ResourceID(id), name: node["name"].optionalString() ?? ResourceID(id).name,
            displayName: properties["displayName"].optionalString(),
            policyType: properties["policyType"].optionalString(), mode: mode,
            parameters: ParameterDefinition.decodeAll(properties["parameters"]), policyRule: rule.value ?? .null,
            metadata: properties["metadata"].optionalObject() ?? JSONObject(), json: node.value ?? .null)
    }
}
