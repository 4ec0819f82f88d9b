public import JSONCore

/// One row of Resource Graph's `resources` table as the loader keeps it: a resource with its row
/// compact, or, for a row that is not a resource, the row itself, for `TenantBuilder` to report why.
public enum ResourceRow: Sendable {
    case resource(Resource)
    case other(JSONValue)

    /// Lifts a row: a resource when it has a string `id` starting with `/`, a string `type`, and tags
    /// that are an object or absent.
    public init(_ row: JSONValue) {
        guard case .object(let object) = row, let id = object["id"]?.stringValue,
            let type = object["type"]?.stringValue, id.hasPrefix("/")
        else {
            self = .other(row)
            return
        }
        if let tags = object["tags"], tags != .null, tags.objectValue == nil {
            self = .other(row)
            return
        }
        self = .resource(Resource(id: ResourceID(id), type: type, json: row, compact: true))
    }

    /// A sink that lifts the rows of `resources.json` as the parser reads them
    /// (`JSONParser.parse(_:threads:rows:)`): the rows are never all held parsed.
    public static func sink() -> JSONRowSink<ResourceRow> {
        JSONRowSink { ResourceRow($0) }
    }

    /// The row as parsed.
    var json: JSONValue {
        switch self {
        case .resource(let resource): resource.json
        case .other(let row): row
        }
    }
}
