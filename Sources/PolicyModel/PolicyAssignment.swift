public import JSONCore

/// A policy assignment (`Microsoft.Authorization/policyAssignments`): a definition or
/// an initiative applied at a scope, with parameter values.
public struct PolicyAssignment: Sendable, Equatable {
    /// `Default` enforces; `DoNotEnforce` only audits. Both are evaluated.
    public enum EnforcementMode: String, Sendable, Equatable {
        case `default` = "Default"
        case doNotEnforce = "DoNotEnforce"
    }

    public var id: ResourceID
    public var name: String
    public var displayName: String?
    public var scope: ResourceID
    /// A policy definition or a policy set definition.
    public var policyDefinitionId: ResourceID
    public var parameters: [String: JSONValue]
    public var notScopes: [ResourceID]
    public var enforcementMode: EnforcementMode
    public var resourceSelectors: [ResourceSelector]
    /// `overrides`: effect changes for some or all members, applied in order.
    public var overrides: [Override] = []
    public var json: JSONValue

    /// Whether the assignment covers a resource: inside the scope, outside every `notScope`,
    /// selected by the resource selectors. `isUnder` answers scope containment with the
    /// tenant's management-group hierarchy.
    public func covers(_ resource: Resource, isUnder: (ResourceID, ResourceID) -> Bool) -> Bool {
        isUnder(resource.id, scope) && !notScopes.contains { isUnder(resource.id, $0) }
            && resourceSelectors.selects(resource)
    }

    static func decode(_ node: JSONNode) -> PolicyAssignment? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let id = node["id"].string(), properties.object() != nil,
            let definitionId = properties["policyDefinitionId"].string()
        else { return nil }
        let assignmentId = ResourceID(id)
        let scope = properties["scope"].optionalString().map(ResourceID.init) ?? assignmentId.scopeOfChild
        var mode = EnforcementMode.default
        if let text = properties["enforcementMode"].optionalString() {
            if text.equalsIgnoringASCIICase("DoNotEnforce") {
                mode = .doNotEnforce
            } else if !text.equalsIgnoringASCIICase("Default") {
                properties["enforcementMode"].report("enforcementMode must be Default or DoNotEnforce, found '\(text)'")
            }
        }
        var assignment = PolicyAssignment(
            id: assignmentId, name: node["name"].optionalString() ?? assignmentId.name,
            displayName: properties["displayName"].optionalString(), scope: scope,
            policyDefinitionId: ResourceID(definitionId), parameters: ParameterValues.decode(properties["parameters"]),
            notScopes: properties["notScopes"].stringArray().map(ResourceID.init), enforcementMode: mode,
            resourceSelectors: ResourceSelector.decodeAll(properties["resourceSelectors"]), json: node.value ?? .null)
        assignment.overrides = Override.decodeAll(properties["overrides"])
        return assignment
    }
}

extension ResourceID {
    /// The scope an `Microsoft.Authorization` child object lives at: the id before its last
    /// `/providers/Microsoft.Authorization/...` section (`/` for a tenant-level object).
    public var scopeOfChild: ResourceID {
        let s = segments
        guard
            let p = s.indices.last(where: { i in
                i + 1 < s.count && s[i].lowercased() == "providers"
                    && s[i + 1].lowercased() == "microsoft.authorization"
            })
        else { return self }
        return ResourceID("/" + s[..<p].joined(separator: "/"))
    }
}
