import JSONCore
import PolicyModel

/// A resource as `posture evaluate` takes it: a Resource Graph row or a REST resource (with `id`),
/// or a body without `id` as an ARM template or a Bicep what-if writes it (`type`, `name`,
/// `apiVersion`, `location`, `kind`, `properties`). Without an id, one is made from the type and
/// the name under a placeholder subscription and resource group, as Azure would give the resource
/// once deployed there: a child type takes the parents' names from a multi-segment name
/// (`nsg1/rule1` for `Microsoft.Network/networkSecurityGroups/securityRules`).
enum TemplateResource {
    /// The subscription a template resource is placed in when it has no id.
    static let placeholderSubscription = "00000000-0000-0000-0000-000000000000"
    /// The resource group a template resource is placed in when it has no id.
    static let placeholderResourceGroup = "posture-evaluate"
    /// The name given to a resource (or a parent) whose name is absent or an ARM expression.
    static let placeholderName = "resource"

    /// The resource for `value`; `id`, when given (`--id`), replaces the body's own.
    static func resource(
        _ value: JSONValue, file: String, path: JSONPath = .root, id: String? = nil
    ) throws -> Resource {
        func failure(_ at: JSONPath, _ message: String) -> any Error {
            CommandError(InputError([Diagnostic(file: file, path: at, message: message)]))
        }
        guard var object = value.objectValue else {
            throw failure(path, "expected a resource object, found \(value.typeName)")
        }
        guard let type = object["type"]?.stringValue else {
            throw failure(path + "type", "a resource needs a 'type' string (Microsoft.Provider/resourceType)")
        }
        if let id = id ?? object["id"]?.stringValue {
            guard id.hasPrefix("/") else {
                throw failure(path + "id", "'\(id.prefix(200))' is not an Azure id (it must start with '/')")
            }
            let resourceID = ResourceID(id)
            if object["id"]?.stringValue != id { object["id"] = .string(id) }
            if object["name"] == nil { object["name"] = .string(resourceID.name) }
            return Resource(id: resourceID, type: type, json: .object(object))
        }
        let typeSegments = type.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard typeSegments.count >= 2, !typeSegments.contains(where: \.isEmpty) else {
            throw failure(
                path + "type", "'\(type.prefix(200))' is not a resource type (Microsoft.Provider/resourceType)")
        }
        let names = try names(of: object["name"], levels: typeSegments.count - 1, type: type) { message in
            failure(path + "name", message)
        }
        let synthesized = ResourceID(synthesizedId(typeSegments: typeSegments, names: names))
        // The body's name is the full name (`parent/child`); Azure reports the last segment as `name`.
        object["id"] = .string(synthesized.rawValue)
        object["name"] = .string(names.last ?? placeholderName)
        return Resource(id: synthesized, type: type, json: .object(object))
    }

    /// The name of each level of the type (`[nsg1, rule1]`): the body's name split at `/`, its
    /// missing parents (and a missing or expression name) filled with the placeholder name.
    private static func names(
        of value: JSONValue?, levels: Int, type: String, failure: (String) -> any Error
    ) throws -> [String] {
        guard let value, !value.isNull else { return Array(repeating: placeholderName, count: levels) }
        guard let name = value.stringValue else {
            throw failure("'name' must be a string, found \(value.typeName)")
        }
        if name.isEmpty || (name.hasPrefix("[") && name.hasSuffix("]")) {
            return Array(repeating: placeholderName, count: levels)
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else {
            throw failure("'\(name.prefix(200))' has an empty name segment")
        }
        guard parts.count <= levels else {
            throw failure(
                "'\(name.prefix(200))' has \(parts.count) segments but type '\(type.prefix(200))' has \(levels)"
                    + " level\(levels == 1 ? "" : "s"): a child resource's name is 'parent/child'")
        }
        return Array(repeating: placeholderName, count: levels - parts.count) + parts
    }

    private static func synthesizedId(typeSegments: [String], names: [String]) -> String {
        let subscription = "/subscriptions/" + placeholderSubscription
        let provider = typeSegments[0].lowercased()
        if provider == "microsoft.resources", typeSegments.count == 2 {
            switch typeSegments[1].lowercased() {
            case "subscriptions": return "/subscriptions/" + names[0]
            case "resourcegroups": return subscription + "/resourceGroups/" + names[0]
            default: break
            }
        }
        var id = subscription + "/resourceGroups/" + placeholderResourceGroup + "/providers/" + typeSegments[0]
        for (type, name) in zip(typeSegments.dropFirst(), names) { id += "/" + type + "/" + name }
        return id
    }

    /// The resources of a document: an array, `{"data": [...]}` (az graph query),
    /// `{"value": [...]}` (REST lists) or one resource object, as tenant files take them.
    static func resources(_ document: JSONValue, file: String) throws -> [Resource] {
        switch document {
        case .array(let items):
            return try items.enumerated().map { try resource($0.element, file: file, path: .root + $0.offset) }
        case .object(let object):
            for envelope in ["data", "value"] {
                guard let items = object[envelope]?.arrayValue else { continue }
                return try items.enumerated().map {
                    try resource($0.element, file: file, path: .root + envelope + $0.offset)
                }
            }
            return [try resource(document, file: file)]
        default:
            throw CommandError(
                InputError([
                    Diagnostic(
                        file: file, path: .root,
                        message: "expected resources as an array, {\"data\": [...]}, {\"value\": [...]} or one object, "
                            + "found \(document.typeName)")
                ]))
        }
    }
}
