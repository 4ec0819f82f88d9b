package import JSONCore

/// A tenant's objects as history records them: a `TenantSnapshot` whose resources may be the loaded
/// tenant's, rows compact (`CompactJSON`) or stored in their file (`StoredRow`) with the digest
/// history stores, so recording a loaded tenant, or deriving another version from it, never parses
/// its resources again, but to encode the changed ones.
package struct TenantRecord: Sendable {
    /// One object: parsed, or a resource whose row is compact or stored, with its digest.
    package enum Object: Sendable {
        case json(JSONValue)
        case resource(Resource, digest: Int64)

        /// The object as parsed.
        package var json: JSONValue {
            switch self {
            case .json(let json): json
            case .resource(let resource, _): resource.json
            }
        }

        /// The digest of the object as parsed (`JSONDigest.of`).
        package var digest: Int64 {
            switch self {
            case .json(let json): JSONDigest.of(json)
            case .resource(_, let digest): digest
            }
        }

        /// The object's lower-cased `type`, empty when it has none.
        package var type: String {
            switch self {
            case .json(let json): json["type"]?.stringValue?.lowercased() ?? ""
            case .resource(let resource, _): resource.typeKey
            }
        }

        /// The object's stored form: compact JSON.
        package var bytes: [UInt8] {
            switch self {
            case .json(let json): JSONWriter(pretty: false).bytes(json)
            case .resource(let resource, _): resource.rowText
            }
        }
    }

    /// The objects by kind and lower-cased id.
    package var objects: [TenantSnapshot.Key: Object]
    /// The files stored resources are read again from: what is encoded from them is checked against
    /// their loaded digests (`Tenant.checkUnchanged(_:)`).
    package let rowFiles: [RowFile]

    /// The objects of a snapshot, every one parsed.
    package init(_ snapshot: TenantSnapshot) {
        objects = snapshot.objects.mapValues(Object.json)
        rowFiles = []
    }

    /// Every object of a loaded tenant; resources whose rows are compact or stored stay so.
    package init(_ tenant: Tenant) {
        var objects: [TenantSnapshot.Key: Object] = [:]
        func put(_ kind: TenantSnapshot.Kind, _ id: String, _ object: Object) {
            objects[TenantSnapshot.Key(kind: kind, id: id.lowercased())] = object
        }
        func put(_ kind: TenantSnapshot.Kind, _ id: String, _ json: JSONValue) { put(kind, id, .json(json)) }
        for g in tenant.managementGroups { put(.container, g.id.key, g.json) }
        for s in tenant.subscriptions { put(.container, s.id.key, s.json) }
        for g in tenant.resourceGroups { put(.container, g.id.key, g.json) }
        for r in tenant.resources {
            put(.resource, r.id.key, r.rowDigest.map { .resource(r, digest: $0) } ?? .json(r.json))
        }
        for d in tenant.policyDefinitions { put(.definition, d.id.key, d.json) }
        for d in tenant.policySetDefinitions { put(.definition, d.id.key, d.json) }
        for a in tenant.assignments { put(.assignment, a.id.key, a.json) }
        for e in tenant.exemptions { put(.exemption, e.id.key, e.json) }
        for r in tenant.recommendations { put(.recommendation, r.key, r.json) }
        for c in tenant.controls { put(.control, c.key, c.json) }
        for f in tenant.findings { put(.finding, f.resourceId.key + "|" + f.key, f.json) }
        if tenant.aliases.count > 0 { put(.aliases, "table", tenant.aliases.json) }
        if !tenant.ownership.teams.isEmpty { put(.owners, "teams", tenant.ownership.json) }
        if tenant.settings != TenantSettings() { put(.settings, "settings", tenant.settings.json) }
        self.objects = objects
        rowFiles = tenant.rowFiles
    }

    /// The tenant these objects make, validated as a load would be; diagnostics name `file`. The
    /// resources of a loaded tenant are taken as they are.
    package func tenant(file: String = "history") throws(InputError) -> Tenant {
        var others = TenantSnapshot()
        for (key, object) in objects where key.kind != .resource { others.objects[key] = object.json }
        let keys = objects.keys.filter { $0.kind == .resource }.sorted()
        let rows = Parallel.map(keys) { key -> ResourceRow in
            switch objects[key]! {
            case .resource(let resource, _): .resource(resource)
            case .json(let row): ResourceRow(row)
            }
        }
        return try others.tenant(file: file, resources: rows)
    }
}
