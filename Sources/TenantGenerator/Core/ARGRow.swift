import JSONCore

/// One Resource Graph row, with the columns in the order `az graph query` prints them.
struct ARGRow {
    var id: String
    var name: String
    /// The lower-cased type, as Resource Graph writes it.
    var type: String
    var tenantId: String
    var kind: String = ""
    var location: String = ""
    var resourceGroup: String = ""
    var subscriptionId: String = ""
    var managedBy: String = ""
    var sku: JSONValue = .null
    var plan: JSONValue = .null
    var properties: JSONValue = [:]
    var tags: JSONValue = [:]
    var identity: JSONValue = .null
    var zones: JSONValue = .null
    var extendedLocation: JSONValue = .null

    var json: JSONValue {
        .object(
            JSONObject([
                .init(key: "id", value: .string(id)), .init(key: "name", value: .string(name)),
                .init(key: "type", value: .string(type)), .init(key: "tenantId", value: .string(tenantId)),
                .init(key: "kind", value: .string(kind)), .init(key: "location", value: .string(location)),
                .init(key: "resourceGroup", value: .string(resourceGroup)),
                .init(key: "subscriptionId", value: .string(subscriptionId)),
                .init(key: "managedBy", value: .string(managedBy)), .init(key: "sku", value: sku),
                .init(key: "plan", value: plan), .init(key: "properties", value: properties),
                .init(key: "tags", value: tags), .init(key: "identity", value: identity),
                .init(key: "zones", value: zones),
                .init(key: "extendedLocation", value: extendedLocation),
            ]))
    }
}

extension JSONValue {
    /// An object from key/value pairs, dropping pairs whose value is nil.
    static func object(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(JSONObject(pairs.compactMap { key, value in value.map { JSONObject.Member(key: key, value: $0) } }))
    }

    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { .string($0) })
    }
}
