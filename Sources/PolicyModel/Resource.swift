import JSONCore

/// One row of Azure Resource Graph's `resources` or `resourcecontainers` table.
///
/// The whole row stays available as `json`, because policy rules may read any
/// property through aliases; the fields every cycle needs are lifted out once.
public struct Resource: Sendable, Equatable {
    /// The resource id.
    public let id: ResourceID
    /// The row as exported (`id, name, type, kind, location, tags, properties, …`).
    public let json: JSONValue
    /// The resource name as exported.
    public let name: String
    /// The resource type as exported (`microsoft.web/sites`; Resource Graph lower-cases it).
    public let type: String
    /// The lower-cased type: the key for type comparisons.
    public let typeKey: String
    /// The `kind` column, when present.
    public let kind: String?
    /// The location normalised the way Azure Policy compares it (`East US 2` → `eastus2`).
    public let location: String?
    /// The subscription GUID, from the row or the id.
    public let subscriptionId: String?
    /// The resource group name, from the row or the id.
    public let resourceGroup: String?

    /// Lifts the common fields out of a Resource Graph row; `id` and `type` must be present.
    public init(id: ResourceID, type: String, json: JSONValue) {
        self.id = id
        self.json = json
        self.type = type
        self.typeKey = type.lowercased()
        self.name = json["name"]?.stringValue ?? id.name
        self.kind = json["kind"]?.stringValue
        self.location = json["location"]?.stringValue.map(Resource.normalizeLocation)
        self.subscriptionId = json["subscriptionId"]?.stringValue ?? id.subscriptionId
        self.resourceGroup = json["resourceGroup"]?.stringValue ?? id.resourceGroup
    }

    /// Azure's location normalisation: lower-case, spaces removed (`East US 2` → `eastus2`).
    public static func normalizeLocation(_ location: String) -> String {
        String(location.lowercased().filter { $0 != " " })
    }

    /// The `tags` object, empty when absent.
    public var tags: JSONObject {
        json["tags"]?.objectValue ?? JSONObject()
    }
}
