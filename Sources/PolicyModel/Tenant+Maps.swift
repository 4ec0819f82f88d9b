extension Tenant {
    /// Subscription display names by lower-cased subscription id.
    package var subscriptionNames: [String: String] {
        Dictionary(subscriptions.map { ($0.subscriptionId.lowercased(), $0.displayName) }) { a, _ in a }
    }

    /// Each resource's lower-cased type by its lower-cased id (``ResourceID/key``); read it through
    /// ``ResourceID/type(in:)``, which falls back to the type the id names.
    package var resourceTypes: [String: String] {
        Dictionary(resources.map { ($0.id.key, $0.typeKey) }) { a, _ in a }
    }
}

extension ResourceID {
    /// The lower-cased type the id itself names (`microsoft.storage/storageaccounts`), or empty for the root.
    package var typeKey: String { resourceType?.lowercased() ?? "" }

    /// The resource's lower-cased type from `types` (``Tenant/resourceTypes``), or the type its id names
    /// when `types` does not know it (a resource deleted since, an assessment of a resource outside the tenant).
    package func type(in types: [String: String]) -> String {
        types[key] ?? typeKey
    }
}
