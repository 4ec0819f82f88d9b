public import JSONCore

/// One row of Resource Graph's `resources` table as the loader keeps it: a resource with its row
/// compact, or, for a row that is not a resource, the row itself, for `TenantBuilder` to report why.
public enum ResourceRow: Sendable {
    case resource(Resource)
    case other(JSONValue)

    /// Lifts a row: a resource when it has a string `id` starting with `/`, a string `type`, and tags
    /// that are an object or absent. A resource keeps its row as `stored` when given (read again from
    /// its file), compact otherwise.
    public init(_ row: JSONValue, stored: StoredRow? = nil) {
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
        if let stored {
            self = .resource(Resource(id: ResourceID(id), type: type, json: row, stored: stored))
        } else {
            self = .resource(Resource(id: ResourceID(id), type: type, json: row, compact: true))
        }
    }

    /// A sink that lifts the rows of `resources.json` as the parser reads them
    /// (`JSONParser.parse(_:threads:rows:)`): the rows are never all held parsed. Given a `file`
    /// (`JSONRowSink.file`), the rows are read again from it rather than held.
    public static func sink() -> JSONRowSink<ResourceRow> {
        JSONRowSink { ResourceRow($0, stored: $1) }
    }

    /// The row as parsed.
    var json: JSONValue {
        switch self {
        case .resource(let resource): resource.json
        case .other(let row): row
        }
    }
}
