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

    /// Every object of a loaded tenant, parsed.
    package init(_ tenant: Tenant) {
        objects = TenantRecord(tenant).objects.mapValues(\.json)
    }

    /// The tenant these objects make, validated as a load would be; diagnostics name `file`.
    package func tenant(file: String = "history") throws(InputError) -> Tenant {
        try tenant(file: file, resources: nil)
    }

    /// `tenant(file:)`; `resources`, when given, are the resources, lifted, in key order, in place of
    /// the snapshot's.
    func tenant(file: String, resources: [ResourceRow]?) throws(InputError) -> Tenant {
        var byKind: [Kind: [JSONValue]] = [:]
        for key in objects.keys.sorted() { byKind[key.kind, default: []].append(objects[key]!) }
        var builder = TenantBuilder()
        builder.addResourceContainers(.array(byKind[.container] ?? []), file: file)
        if let resources {
            builder.addResources(lifted: resources, file: file)
        } else {
            builder.addResources(.array(byKind[.resource] ?? []), file: file)
        }
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
