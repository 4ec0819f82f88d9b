import JSONCore
public import PolicyModel

/// ``RelatedResources`` over an array of resources, indexed by type once.
public struct InMemoryRelatedResources: RelatedResources {

    /// Extension resource types: they live at `<any resource id>/providers/<type>/<name>`, so they
    /// are always looked for underneath the evaluated resource.
    public static let extensionTypes: Set<String> = [
        "microsoft.insights/diagnosticsettings", "microsoft.guestconfiguration/guestconfigurationassignments",
        "microsoft.security/assessments", "microsoft.security/complianceresults",
        "microsoft.security/advancedthreatprotectionsettings", "microsoft.insights/datacollectionruleassociations",
        "microsoft.kubernetesconfiguration/extensions", "microsoft.kubernetesconfiguration/fluxconfigurations",
        "microsoft.kubernetesconfiguration/sourcecontrolconfigurations",
        "microsoft.automanage/configurationprofileassignments", "microsoft.customproviders/associations",
        "microsoft.authorization/locks", "microsoft.authorization/roleassignments", "microsoft.resources/links",
        "microsoft.security/defenderforstoragesettings", "microsoft.maintenance/configurationassignments",
    ]

    /// Resources by lower-cased type, then by ancestor id for every ancestor below the resource
    /// group (children and extensions of a resource), by "subscription|group" and by subscription.
    private let underneath: [String: [String: [Resource]]]
    private let byGroup: [String: [String: [Resource]]]
    private let bySubscription: [String: [String: [Resource]]]

    /// Indexes `resources`; with `types` (lower-cased), only those of these types, the only ones
    /// that will be asked for.
    public init(_ resources: [Resource], types: Set<String>? = nil) {
        let indexed = types.map { types in resources.filter { types.contains($0.typeKey) } } ?? resources
        // The keys (ancestor ids, lower-cased names) are worked out on every core; the tables are filled in order.
        let keys = Parallel.map(indexed, Self.keys)
        var underneath: [String: [String: [Resource]]] = [:]
        var byGroup: [String: [String: [Resource]]] = [:]
        var bySubscription: [String: [String: [Resource]]] = [:]
        for (resource, keys) in zip(indexed, keys) {
            let type = resource.typeKey
            for ancestor in keys.ancestors { underneath[type, default: [:]][ancestor, default: []].append(resource) }
            bySubscription[type, default: [:]][keys.subscription, default: []].append(resource)
            byGroup[type, default: [:]][keys.group, default: []].append(resource)
        }
        self.underneath = underneath
        self.byGroup = byGroup
        self.bySubscription = bySubscription
    }

    /// Where a resource is filed: its ancestors below the resource group (and that group), its
    /// lower-cased subscription, and "subscription|group".
    private static func keys(_ resource: Resource) -> (ancestors: [String], subscription: String, group: String) {
        var ancestors: [String] = []
        var ancestor = resource.id.parent
        var hops = 0
        while let current = ancestor, hops < 8 {
            ancestors.append(current.key)
            guard current.scopeKind == .resource else { break }
            ancestor = current.parent
            hops += 1
        }
        let subscription = resource.subscriptionId?.lowercased() ?? ""
        return (ancestors, subscription, "\(subscription)|\(resource.resourceGroup?.lowercased() ?? "")")
    }

    public func resources(
        ofType type: String, near resource: Resource, scope: ExistenceScope, resourceGroupName: String?, name: String?
    ) -> [Resource] {
        let typeKey = type.lowercased()
        let isUnderneath = Self.extensionTypes.contains(typeKey) || typeKey.hasPrefix(resource.typeKey + "/")
        let subscription = resource.subscriptionId?.lowercased() ?? ""
        let selected: [Resource]
        if isUnderneath {
            selected = underneath[typeKey]?[resource.id.key] ?? []
        } else {
            switch scope {
            case .subscription:
                selected = bySubscription[typeKey]?[subscription] ?? []
            case .resourceGroup:
                if let group = resourceGroupName ?? resource.resourceGroup {
                    selected = byGroup[typeKey]?["\(subscription)|\(group.lowercased())"] ?? []
                } else {
                    selected = bySubscription[typeKey]?[subscription] ?? []
                }
            }
        }
        guard let name else { return selected }
        // `parent/?`: every nested resource of that parent ("Azure Policy definitions auditIfNotExists effect").
        if name.hasSuffix("/?") {
            let parent = name.dropLast(1)
            return selected.filter { candidate in
                let full = FieldReader.fullName(of: candidate)
                guard full.count > parent.count else { return false }
                return String(full.prefix(parent.count)).equalsIgnoringASCIICase(String(parent))
                    && !full.dropFirst(parent.count).contains("/")
            }
        }
        // A full name (`server/database`) has a slash; only then is the costlier full name worth building.
        guard name.utf8.contains(UInt8(ascii: "/")) else {
            return selected.filter { $0.name.equalsIgnoringASCIICase(name) }
        }
        return selected.filter {
            $0.name.equalsIgnoringASCIICase(name) || FieldReader.fullName(of: $0).equalsIgnoringASCIICase(name)
        }
    }
}
