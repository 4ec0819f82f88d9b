public import JSONCore

/// Assembles a `Tenant` from parsed documents, one file at a time, then checks
/// every cross-reference. Problems are collected, never thrown one by one, so a
/// load reports all of them at once; `build()` fails if there was any.
public struct TenantBuilder {
    /// Where an object came from, for diagnostics about references between files.
    struct Origin {
        var file: String
        var path: JSONPath
        /// What the id names ("resource", "definition", ...): ids only clash within a kind.
        var kind: String = ""
    }

    package let log = DiagnosticLog()
    var tenant = Tenant()
    var origins: [ResourceID: Origin] = [:]

    public init() {}

    /// Records a problem found before decoding (unreadable file, malformed JSON).
    public func report(_ diagnostic: Diagnostic) {
        log.report(diagnostic.file, diagnostic.path, diagnostic.message)
    }

    /// The alias table; later calls merge into it.
    public mutating func addAliases(_ table: AliasTable) {
        tenant.aliases.merge(table)
    }

    /// Rows of Resource Graph's `resourcecontainers` table (array or `{"data": [...]}`).
    public mutating func addResourceContainers(_ document: JSONValue, file: String) {
        for row in rows(document, file: file, what: "Resource Graph rows") {
            guard let (id, type) = identity(of: row) else { continue }
            switch type.lowercased() {
            case "microsoft.management/managementgroups":
                guard register(id, kind: "management group", at: row) else { continue }
                tenant.managementGroups.append(ManagementGroup.decode(row, id: id))
            case "microsoft.resources/subscriptions":
                guard register(id, kind: "subscription", at: row), let s = Subscription.decode(row, id: id) else {
                    continue
                }
                tenant.subscriptions.append(s)
            case "microsoft.resources/subscriptions/resourcegroups":
                guard register(id, kind: "resource group", at: row) else { continue }
                tenant.resourceGroups.append(Resource(id: id, type: type, json: row.value ?? .null))
            default:
                row["type"].report(
                    "'\(type.prefix(100))' is not a resource container type (management group, subscription or resource group)"
                )
            }
        }
    }

    /// Rows of Resource Graph's `resources` table (array or `{"data": [...]}`). `taken`: the rows a
    /// `JSONRowSink` took out of the document as it was parsed (`ResourceRow.sink()`); they are used
    /// when they are the rows the document's envelope names. Other rows are lifted on every core
    /// first. The checks, which report, then run in order. Resources keep their rows compact.
    public mutating func addResources(
        _ document: JSONValue, file: String, taken: JSONRowSink<ResourceRow>? = nil
    ) {
        let rows = rows(document, file: file, what: "Resource Graph rows")
        if let taken, let path = taken.path, path == rowsPath(document) {
            add(taken.rows, paths: taken.rows.indices.map { path + $0 }, file: file)
        } else {
            add(Parallel.map(rows.map(\.value)) { ResourceRow($0 ?? .null) }, paths: rows.map(\.path), file: file)
        }
    }

    /// Resources already lifted, as the rows of an array.
    mutating func addResources(lifted: [ResourceRow], file: String) {
        add(lifted, paths: lifted.indices.map { .root + $0 }, file: file)
    }

    /// Checks lifted rows in order and adds the resources among them.
    private mutating func add(_ lifted: [ResourceRow], paths: [JSONPath], file: String) {
        origins.reserveCapacity(origins.count + lifted.count)
        tenant.resources.reserveCapacity(tenant.resources.count + lifted.count)
        for (row, path) in zip(lifted, paths) {
            guard case .resource(let resource) = row else {
                let node = JSONNode(row.json, file: file, path: path, log: log)
                if let (id, _) = identity(of: node), register(id, kind: "resource", at: node) {
                    reportNonResource(node, id: id)
                }
                continue
            }
            let node = JSONNode(nil, file: file, path: path, log: log)
            let id = resource.id
            guard register(id, kind: "resource", at: node) else { continue }
            if case .resource = id.scopeKind {
            } else {
                node["id"].report("'\(id.rawValue.prefix(200))' is not a resource id (/subscriptions/…/providers/…)")
                continue
            }
            tenant.resources.append(resource)
        }
    }

    /// Reports what keeps a row with an id and a type from being a resource: an id outside a
    /// subscription's providers, or tags that are not an object.
    private func reportNonResource(_ row: JSONNode, id: ResourceID) {
        if case .resource = id.scopeKind {
        } else {
            row["id"].report("'\(id.rawValue.prefix(200))' is not a resource id (/subscriptions/…/providers/…)")
            return
        }
        if let tags = row["tags"].value, tags != .null, tags.objectValue == nil {
            row["tags"].report("expected an object, found \(tags.typeName)")
        }
    }

    /// Policy definitions and policy set definitions: one object, an array, or `{"value": [...]}`.
    public mutating func addDefinitions(_ document: JSONValue, file: String) {
        for node in rows(document, file: file, what: "definitions") {
            let type = node["type"].optionalString()?.lowercased()
            let isSet =
                type == "microsoft.authorization/policysetdefinitions"
                || (type == nil && node["properties"]["policyDefinitions"].value != nil)
            if isSet {
                guard let set = PolicySetDefinition.decode(node), register(set.id, kind: "definition", at: node) else {
                    continue
                }
                tenant.policySetDefinitions.append(set)
            } else {
                if let type, type != "microsoft.authorization/policydefinitions" {
                    node["type"].report(
                        "'\(type.prefix(100))' is not a policy definition or policy set definition type")
                    continue
                }
                guard let definition = PolicyDefinition.decode(node),
                    register(definition.id, kind: "definition", at: node)
                else { continue }
                tenant.policyDefinitions.append(definition)
            }
        }
    }

    /// Policy assignments: one object, an array, or `{"value": [...]}`.
    public mutating func addAssignments(_ document: JSONValue, file: String) {
        for node in rows(document, file: file, what: "assignments") {
            guard let assignment = PolicyAssignment.decode(node), register(assignment.id, kind: "assignment", at: node)
            else { continue }
            tenant.assignments.append(assignment)
        }
    }

    /// Policy exemptions: one object, an array, or `{"value": [...]}`.
    public mutating func addExemptions(_ document: JSONValue, file: String) {
        for node in rows(document, file: file, what: "exemptions") {
            guard let exemption = PolicyExemption.decode(node), register(exemption.id, kind: "exemption", at: node)
            else { continue }
            tenant.exemptions.append(exemption)
        }
    }

    /// `Microsoft.Security/assessmentMetadata` objects.
    public mutating func addRecommendations(_ document: JSONValue, file: String) {
        var seen = Set(tenant.recommendations.map(\.key))
        for node in rows(document, file: file, what: "recommendations") {
            guard let r = Recommendation.decode(node) else { continue }
            guard seen.insert(r.key).inserted else {
                node["name"].report("duplicate recommendation (assessment key '\(r.key)')")
                continue
            }
            tenant.recommendations.append(r)
        }
    }

    /// `Microsoft.Security/secureScoreControlDefinitions` objects.
    public mutating func addControls(_ document: JSONValue, file: String) {
        var seen = Set(tenant.controls.map(\.key))
        for node in rows(document, file: file, what: "controls") {
            guard let c = ControlDefinition.decode(node) else { continue }
            guard seen.insert(c.key).inserted else {
                node["name"].report("duplicate control '\(c.key)'")
                continue
            }
            tenant.controls.append(c)
        }
    }

    /// `Microsoft.Security/assessments` objects that Defender evaluated by itself.
    public mutating func addFindings(_ document: JSONValue, file: String) {
        var seen = Set(tenant.findings.map { "\($0.resourceId.key)|\($0.key)" })
        for node in rows(document, file: file, what: "findings") {
            guard let f = Finding.decode(node) else { continue }
            guard seen.insert("\(f.resourceId.key)|\(f.key)").inserted else {
                node["name"].report(
                    "duplicate finding for '\(f.resourceId.rawValue.prefix(200))' and assessment key '\(f.key)'")
                continue
            }
            tenant.findings.append(f)
        }
    }

    /// The ownership map (`owners.json`).
    public mutating func addOwnership(_ document: JSONValue, file: String) {
        tenant.ownership = Ownership.decode(JSONNode(document, file: file, log: log))
    }

    /// Adds the tenant's `settings.json`.
    public mutating func addSettings(_ document: JSONValue, file: String) {
        tenant.settings = TenantSettings.decode(JSONNode(document, file: file, log: log))
    }

    /// The validated tenant, or every problem found while loading and cross-checking.
    public func build() throws(InputError) -> Tenant {
        var result = tenant
        result.reindex()
        for (id, origin) in origins where origin.kind == "definition" || origin.kind == "assignment" {
            result.origins[id] = Diagnostic(file: origin.file, path: origin.path, message: origin.kind)
        }
        checkReferences(in: result)
        guard log.isEmpty else {
            // Grouped by file, in the order found within each file.
            let ordered = log.diagnostics.enumerated().sorted {
                ($0.element.file, $0.offset) < ($1.element.file, $1.offset)
            }
            throw InputError(ordered.map(\.element))
        }
        return result
    }

    // MARK: - Shared decoding steps

    /// The path of the array `rows(_:file:what:)` reads, nil when it reads the document as one row.
    func rowsPath(_ document: JSONValue) -> JSONPath? {
        switch document {
        case .array: return .root
        case .object(let object):
            // The member's own spelling (`Data` is `data` to Azure), as the parser names its path.
            for envelope in ["data", "value"] where object[envelope]?.arrayValue != nil {
                return object.index(of: envelope).map { .root + object.members[$0].key }
            }
            return nil
        default: return nil
        }
    }

    /// The objects of a document: a bare object, an array, `{"data": [...]}` (az graph query)
    /// or `{"value": [...]}` (REST list results).
    func rows(_ document: JSONValue, file: String, what: String) -> [JSONNode] {
        let root = JSONNode(document, file: file, log: log)
        switch document {
        case .array: return root.elements()
        case .object(let object):
            for envelope in ["data", "value"] where object[envelope]?.arrayValue != nil {
                return root[envelope].elements()
            }
            return [root]
        default:
            root.report("expected \(what) as an array or an object, found \(document.typeName)")
            return []
        }
    }

    /// The `id` and `type` every row needs.
    func identity(of row: JSONNode) -> (ResourceID, String)? {
        guard row.object() != nil else { return nil }
        guard let id = row["id"].string(), let type = row["type"].string() else { return nil }
        guard id.hasPrefix("/") else {
            row["id"].report("'\(id.prefix(200))' is not an Azure id (it must start with '/')")
            return nil
        }
        return (ResourceID(id), type)
    }

    /// Records where an id was defined; reports a duplicate and returns false when it was seen before.
    mutating func register(_ id: ResourceID, kind: String, at node: JSONNode) -> Bool {
        // One hash lookup in the common case (a new id): insert, and put the first one back on a clash.
        if let first = origins.updateValue(Origin(file: node.file, path: node.path, kind: kind), forKey: id),
            first.kind == kind
        {
            origins[id] = first
            node["id"].report(
                "duplicate \(kind) id '\(id.rawValue.prefix(200))', first defined in \(first.file):\(first.path)")
            return false
        }
        return true
    }
}
