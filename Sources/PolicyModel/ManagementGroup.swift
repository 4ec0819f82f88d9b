public import JSONCore

/// A management group from Resource Graph's `resourcecontainers` table.
public struct ManagementGroup: Sendable, Equatable {
    public var id: ResourceID
    public var name: String
    public var displayName: String?
    /// `properties.details.parent.id`; nil for the tenant root group.
    public var parentId: ResourceID?
    public var json: JSONValue

    static func decode(_ node: JSONNode, id: ResourceID) -> ManagementGroup {
        let properties = node["properties"]
        return ManagementGroup(
            id: id, name: node["name"].optionalString() ?? id.name,
            displayName: properties["displayName"].optionalString(),
            parentId: properties["details"]["parent"]["id"].optionalString().map(ResourceID.init),
            json: node.value ?? .null)
    }
}

/// A subscription from Resource Graph's `resourcecontainers` table.
public struct Subscription: Sendable, Equatable {
    public var id: ResourceID
    public var subscriptionId: String
    public var displayName: String
    /// Names of the management groups above, nearest first (`properties.managementGroupAncestorsChain`).
    public var managementGroupAncestors: [String]
    public var json: JSONValue

    /// A subscription known by its id alone (named by it, under no management group): one that
    /// observed results name when no tenant is recorded.
    public init(subscriptionId: String) {
        self.init(
            id: ResourceID("/subscriptions/" + subscriptionId), subscriptionId: subscriptionId,
            displayName: subscriptionId, managementGroupAncestors: [], json: .null)
    }

    init(
        id: ResourceID, subscriptionId: String, displayName: String, managementGroupAncestors: [String], json: JSONValue
    ) {
        self.id = id
        self.subscriptionId = subscriptionId
        self.displayName = displayName
        self.managementGroupAncestors = managementGroupAncestors
        self.json = json
    }

    static func decode(_ node: JSONNode, id: ResourceID) -> Subscription? {
        guard let subscriptionId = node["subscriptionId"].optionalString() ?? id.subscriptionId else {
            node["subscriptionId"].report("subscription row has no subscriptionId")
            return nil
        }
        let chain = node["properties"]["managementGroupAncestorsChain"].elements().compactMap { $0["name"].string() }
        return Subscription(
            id: id, subscriptionId: subscriptionId, displayName: node["name"].optionalString() ?? subscriptionId,
            managementGroupAncestors: chain, json: node.value ?? .null)
    }
}
