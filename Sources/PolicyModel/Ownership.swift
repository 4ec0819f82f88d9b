public import JSONCore

/// Who owns what (seed 004, "Remediate security risks": resource-specific teams are responsible
/// for their part of the secure score). From the tenant's optional `owners.json`:
///
///     {"teams": [{"name": "Database Team", "resourceTypes": ["Microsoft.Sql/servers"], "categories": ["Data"]}]}
///
/// A resource belongs to the first team listing its type; otherwise a recommendation belongs to
/// the first team listing one of its categories.
public struct Ownership: Sendable, Equatable {
    public struct Team: Sendable, Equatable {
        public var name: String
        /// Lower-cased resource types, matched also as prefixes of child types (`microsoft.sql/servers` owns databases).
        public var resourceTypes: [String]
        public var categories: [String]

        public init(name: String, resourceTypes: [String], categories: [String]) {
            self.name = name
            self.resourceTypes = resourceTypes.map { $0.lowercased() }
            self.categories = categories
        }
    }

    public var teams: [Team]

    public init(teams: [Team] = []) {
        self.teams = teams
    }

    /// The team owning a resource of this type, or (failing that) a recommendation of these categories.
    public func team(resourceType: String, categories: [String]) -> String? {
        let type = resourceType.lowercased()
        if let team = teams.first(where: { t in t.resourceTypes.contains { type == $0 || type.hasPrefix($0 + "/") } }) {
            return team.name
        }
        return teams.first { t in t.categories.contains { c in categories.contains { $0.equalsIgnoringASCIICase(c) } }
        }?.name
    }

    /// The map as `owners.json` writes it.
    public var json: JSONValue {
        [
            "teams": .array(
                teams.map { t in
                    [
                        "name": .string(t.name), "resourceTypes": .array(t.resourceTypes.map(JSONValue.string)),
                        "categories": .array(t.categories.map(JSONValue.string)),
                    ]
                })
        ]
    }

    static func decode(_ node: JSONNode) -> Ownership {
        let teams = node["teams"].elements().compactMap { t -> Team? in
            guard t.object() != nil, let name = t["name"].string() else { return nil }
            return Team(
                name: name, resourceTypes: t["resourceTypes"].stringArray().map { $0.lowercased() },
                categories: t["categories"].stringArray())
        }
        if node["teams"].isAbsent { node["teams"].report("owners.json needs a 'teams' array") }
        return Ownership(teams: teams)
    }
}
