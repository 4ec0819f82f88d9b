/// Azure Policy aliases: `Namespace/type/path` → the JSON path in the resource
/// (`Microsoft.Web/sites/httpsOnly` → `properties.httpsOnly`).
///
/// Lookup ignores case, as Azure does. The table comes from the tenant's
/// `aliases.csv(.gz)` or `aliases.json` (`az provider list --expand resourceTypes/aliases`).
public struct AliasTable: Sendable, Equatable {
    private var paths: [String: String]

    /// A table from alias names to default paths.
    public init(_ entries: [String: String] = [:]) {
        paths = [:]
        paths.reserveCapacity(entries.count)
        for (alias, path) in entries { paths[alias.lowercased()] = path }
    }

    /// The number of aliases.
    public var count: Int { paths.count }

    /// The default path of `alias` (`properties.securityRules[*].properties.access`), if the table has it.
    public func defaultPath(for alias: String) -> String? {
        paths[alias.lowercased()]
    }

    /// Every (lower-cased alias, path) pair, sorted by alias.
    public var entries: [(alias: String, path: String)] {
        paths.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Adds or replaces an alias.
    public mutating func set(_ alias: String, path: String) {
        paths[alias.lowercased()] = path
    }

    /// Merges another table into this one; `other` wins on conflicts.
    public mutating func merge(_ other: AliasTable) {
        guard !paths.isEmpty else {
            paths = other.paths  // the usual case: one table per tenant, taken whole
            return
        }
        paths.merge(other.paths) { _, new in new }
    }
}
