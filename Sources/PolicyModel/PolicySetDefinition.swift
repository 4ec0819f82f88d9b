public import JSONCore

/// A policy set definition, or initiative (`Microsoft.Authorization/policySetDefinitions`).
public struct PolicySetDefinition: Sendable, Equatable {
    /// One member policy of the set.
    public struct Reference: Sendable, Equatable {
        public var policyDefinitionId: ResourceID
        /// Unique within the set; exemptions and policy states name policies by it.
        public var referenceId: String
        /// Parameter values for the member, often `[parameters('setParameter')]` expressions.
        public var parameters: [String: JSONValue]
        public var groupNames: [String]
    }

    /// A group of the set: a control of a regulatory standard.
    public struct Group: Sendable, Equatable {
        public var name: String
        public var category: String?
        public var displayName: String?
        public var description: String?
    }

    public var id: ResourceID
    public var name: String
    public var displayName: String?
    public var policyType: String?
    public var parameters: [ParameterDefinition]
    public var policyDefinitions: [Reference]
    public var groups: [Group]
    public var metadata: JSONObject
    public var json: JSONValue

    /// Whether Defender shows the set as a regulatory compliance standard (`metadata.ASC == "true"`).
    public var isRegulatoryStandard: Bool {
        switch metadata["ASC"] {
        case .string(let s)?: s.equalsIgnoringASCIICase("true")
        case .bool(let b)?: b
        default: false
        }
    }

    /// The member with this reference id, ignoring case.
    public func reference(_ referenceId: String) -> Reference? {
        policyDefinitions.first { $0.referenceId.equalsIgnoringASCIICase(referenceId) }
    }

    static func decode(_ node: JSONNode) -> PolicySetDefinition? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let id = node["id"].string(), properties.object() != nil else { return nil }
        let members = properties["policyDefinitions"]
        if members.isAbsent { members.report("initiative has no 'policyDefinitions'") }
        var seen: Set<String> = []
        let references = members.elements().compactMap { member -> Reference? in
            guard member.object() != nil, let definitionId = member["policyDefinitionId"].string() else { return nil }
            let referenceId = member["policyDefinitionReferenceId"].optionalString() ?? ResourceID(definitionId).name
            if !seen.insert(referenceId.lowercased()).inserted {
                member["policyDefinitionReferenceId"].report("duplicate policyDefinitionReferenceId '\(referenceId)'")
            }
            return Reference(
                policyDefinitionId: ResourceID(definitionId), referenceId: referenceId,
                parameters: ParameterValues.decode(member["parameters"]), groupNames: member["groupNames"].stringArray()
            )
        }
        let groups = properties["policyDefinitionGroups"].elements().compactMap { g -> Group? in
            guard g.object() != nil, let name = g["name"].string() else { return nil }
            return Group(
                name: name, category: g["category"].optionalString(), displayName: g["displayName"].optionalString(),
                description: g["description"].optionalString())
        }
        return PolicySetDefinition(
            id: ResourceID(id), name: node["name"].optionalString() ?? ResourceID(id).name,
            displayName: properties["displayName"].optionalString(),
            policyType: properties["policyType"].optionalString(),
            parameters: ParameterDefinition.decodeAll(properties["parameters"]), policyDefinitions: references,
            groups: groups, metadata: properties["metadata"].optionalObject() ?? JSONObject(), json: node.value ?? .null
        )
    }
}
