public import JSONCore

/// One row of Azure Resource Graph's `resources` or `resourcecontainers` table.
///
/// The whole row stays available as `json`, because policy rules may read any
/// property through aliases; the fields every cycle needs are lifted out once.
public struct Resource: Sendable, Equatable {
    /// The fields, shared by every copy: a cycle passes resources around by the million, and a
    /// copy then costs one reference count instead of one per string.
    private final class Storage: Sendable {
        let id: ResourceID
        let body: Body
        let name: String
        let type: String
        let typeKey: String
        let kind: String?
        let location: String?
        let subscriptionId: String?
        let resourceGroup: String?

        init(id: ResourceID, type: String, json: JSONValue, body: Body) {
            self.id = id
            self.body = body
            self.type = type
            self.typeKey = type.lowercased()
            self.name = json["name"]?.stringValue ?? id.name
            self.kind = json["kind"]?.stringValue
            self.location = json["location"]?.stringValue.map(Resource.normalizeLocation)
            self.subscriptionId = json["subscriptionId"]?.stringValue ?? id.subscriptionId
            self.resourceGroup = json["resourceGroup"]?.stringValue ?? id.resourceGroup
        }

        /// The same fields with the row parsed.
        init(expanding other: Storage, json: JSONValue) {
            id = other.id
            body = .tree(json)
            name = other.name
            type = other.type
            typeKey = other.typeKey
            kind = other.kind
            location = other.location
            subscriptionId = other.subscriptionId
            resourceGroup = other.resourceGroup
        }
    }

    /// The row: parsed, or compact or stored in its file, and parsed when read.
    private enum Body: Sendable {
        case tree(JSONValue)
        case compact(CompactJSON)
        case stored(StoredRow)
    }

    private let storage: Storage

    /// The resource id.
    public var id: ResourceID { storage.id }
    /// The row as exported (`id, name, type, kind, location, tags, properties, …`). A compact
    /// resource parses its row at every read: read it through `expanded` when reading it often.
    public var json: JSONValue {
        switch storage.body {
        case .tree(let json): json
        case .compact(let compact): compact.value
        case .stored(let stored): stored.value
        }
    }
    /// The digest of the row as loaded (`JSONDigest.of`), when the resource keeps its row compact or
    /// stored; nil when it keeps it parsed.
    public var rowDigest: Int64? {
        switch storage.body {
        case .tree: nil
        case .compact(let compact): compact.digest
        case .stored(let stored): stored.digest
        }
    }
    /// The row's compact text, what history stores: kept, or made from the parsed row.
    public var rowText: [UInt8] {
        switch storage.body {
        case .compact(let compact): compact.bytes
        case .stored(let stored): stored.text
        case .tree(let json): JSONWriter(pretty: false).bytes(json)
        }
    }
    /// The file the row is read again from, when it is stored there.
    public var rowFile: RowFile? {
        if case .stored(let stored) = storage.body { return stored.file }
        return nil
    }
    /// This resource with its row parsed once: what an evaluation reads many fields of. The
    /// resource itself when its row is parsed already.
    public var expanded: Resource {
        switch storage.body {
        case .tree: self
        case .compact(let compact): Resource(storage: Storage(expanding: storage, json: compact.value))
        case .stored(let stored): Resource(storage: Storage(expanding: storage, json: stored.value))
        }
    }
    /// The resource name as exported.
    public var name: String { storage.name }
    /// The resource type as exported (`microsoft.web/sites`; Resource Graph lower-cases it).
    public var type: String { storage.type }
    /// The lower-cased type: the key for type comparisons.
    public var typeKey: String { storage.typeKey }
    /// The `kind` column, when present.
    public var kind: String? { storage.kind }
    /// The location normalised the way Azure Policy compares it (`East US 2` → `eastus2`).
    public var location: String? { storage.location }
    /// The subscription GUID, from the row or the id.
    public var subscriptionId: String? { storage.subscriptionId }
    /// The resource group name, from the row or the id.
    public var resourceGroup: String? { storage.resourceGroup }

    /// Lifts the common fields out of a Resource Graph row; `id` and `type` must be present.
    /// `compact`: the row is kept as its compact text (`CompactJSON`) and parsed when read, which
    /// takes about 40% of the memory of the parsed row; a row whose text would not read back
    /// exactly stays parsed.
    public init(id: ResourceID, type: String, json: JSONValue, compact: Bool = false) {
        let body = compact ? CompactJSON(json).map(Body.compact) ?? .tree(json) : .tree(json)
        storage = Storage(id: id, type: type, json: json, body: body)
    }

    /// Lifts the common fields out of a Resource Graph row that stays in its file (`StoredRow`) and
    /// is read again from there: what a tenant of a million resources keeps of each row.
    public init(id: ResourceID, type: String, json: JSONValue, stored: StoredRow) {
        storage = Storage(id: id, type: type, json: json, body: .stored(stored))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    public static func == (lhs: Resource, rhs: Resource) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.id == rhs.id && lhs.json == rhs.json && lhs.name == rhs.name && lhs.type == rhs.type
            && lhs.typeKey == rhs.typeKey && lhs.kind == rhs.kind && lhs.location == rhs.location
            && lhs.subscriptionId == rhs.subscriptionId && lhs.resourceGroup == rhs.resourceGroup
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
