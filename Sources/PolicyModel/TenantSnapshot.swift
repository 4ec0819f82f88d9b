package import JSONCore

/// A tenant as a set of Azure objects keyed by kind and id: the form in which history
/// stores tenant versions and scenario events `put` and `delete` objects.
package struct TenantSnapshot: Sendable, Equatable {
    /// Which part of the tenant an object belongs to.
    package enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case container, resource, definition, assignment, exemption, recommendation, control, finding, aliases, owners
        case settings

        package static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// (kind, lower-cased id or key).
    package struct Key: Sendable, Hashable, Comparable {
        package var kind: Kind
        package var id: String

        package init(kind: Kind, id: String) {
            self.kind = kind
            self.id = id
        }

        package static func < (lhs: Key, rhs: Key) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
    }

    /// The objects, each as Azure's JSON.
    package var objects: [Key: JSONValue]

    package init(objects: [Key: JSONValue] = [:]) {
        self.objects = objects
    }

    /// Every object of a loaded tenant.
    package init(_ tenant: Tenant) {
        var objects: [Key: JSONValue] = [:]
        func put(_ kind: Kind, _ id: String, _ json: JSONValue) { objects[Key(kind: kind, id: id.lowercased())] = json }
        for g in tenant.managementGroups { put(.container, g.id.key, g.json) }
        for s in tenant.subscriptions { put(.container, s.id.key, s.json) }
        for g in tenant.resourceGroups { put(.container, g.id.key, g.json) }
        for r in tenant.resources { put(.resource, r.id.key, r.json) }
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
    }

    /// The tenant these objects make, validated as a load would be; diagnostics name `file`.
    package func tenant(file: String = "history") throws(InputError) -> Tenant {
        var byKind: [Kind: [JSONValue]] = [:]
        for key in objects.keys.sorted() { byKind[key.kind, default: []].append(objects[key]!) }
        var builder = TenantBuilder()
        builder.addResourceContainers(.array(byKind[.container] ?? []), file: file)
        builder.addResources(.array(byKind[.resource] ?? []), file: file)
        builder.addDefinitions(.array(byKind[.definition] ?? []), file: file)
        builder.addAssignments(.array(byKind[.assignment] ?? []), file: file)
        builder.addExemptions(.array(byKind[.exemption] ?? []), file: file)
        builder.addRecommendations(.array(byKind[.recommendation] ?? []), file: file)
        builder.addControls(.array(byKind[.control] ?? []), file: file)
        builder.addFindings(.array(byKind[.finding] ?? []), file: file)
        if let table = byKind[.aliases]?.first { builder.addAliases(AliasTable(json: table)) }
        if let owners = byKind[.owners]?.first { builder.addOwnership(owners, file: file) }
        if let settings = byKind[.settings]?.first { builder.addSettings(settings, file: file) }
        return try builder.build()
    }
}

extension AliasTable {
    /// The table as one JSON object, `{alias: path}`, sorted by alias (lower-cased).
    package var json: JSONValue {
        .object(JSONObject(entries.map { JSONObject.Member(key: $0.alias, value: .string($0.path)) }))
    }

    /// A table from `{alias: path}`.
    package init(json: JSONValue) {
        var entries: [String: String] = [:]
        for member in json.objectValue ?? JSONObject() {
            if let path = member.value.stringValue { entries[member.key] = path }
        }
        self.init(entries)
    }
}
