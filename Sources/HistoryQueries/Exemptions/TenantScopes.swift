import PolicyModel

/// Every scope a tenant holds, for existence checks: the root, management groups, subscriptions,
/// resource groups and resources.
package struct TenantScopes: Sendable {
    private let keys: Set<String>

    package init(_ tenant: Tenant) {
        var keys: Set<String> = [ResourceID("/").key]
        for group in tenant.managementGroups { keys.insert(group.id.key) }
        for subscription in tenant.subscriptions { keys.insert(subscription.id.key) }
        for group in tenant.resourceGroups { keys.insert(group.id.key) }
        for resource in tenant.resources { keys.insert(resource.id.key) }
        self.keys = keys
    }

    /// Whether the tenant holds this scope.
    package func contains(_ scope: ResourceID) -> Bool {
        keys.contains(scope.key)
    }
}
