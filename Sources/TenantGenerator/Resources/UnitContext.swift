import JSONCore
import PolicyModel

/// Everything a resource builder needs to write one unit (a resource and its children):
/// where it lives, what it inherits, and two random streams.
///
/// `shape` decides structure (names, counts, sizes) and `posture` decides security
/// settings, so re-rolling the posture (churn) changes compliance but never ids.
struct UnitContext {
    let tenantId: String
    let subscriptionId: String
    let resourceGroup: String
    let location: String
    let environment: String
    /// The probability that any one security setting is compliant.
    let hygiene: Double
    let resourceGroupTags: JSONValue
    /// The subscription's Log Analytics workspace, where diagnostic settings send logs.
    let workspaceId: String
    /// The subnet of the resource group's virtual network.
    let subnetId: String
    /// A short suffix unique to the unit, for globally unique names.
    let suffix: String
    var shape: SplitMix64
    var posture: SplitMix64

    var resourceGroupId: String { "/subscriptions/\(subscriptionId)/resourceGroups/\(resourceGroup)" }

    /// The id of a resource in this unit's resource group: `provider` is `Microsoft.Web/sites`.
    func id(_ provider: String, _ name: String) -> String {
        "\(resourceGroupId)/providers/\(provider)/\(name)"
    }

    /// A row in this unit's resource group and location, with inherited tags (sometimes incomplete).
    mutating func row(_ id: String, _ name: String, _ type: String) -> ARGRow {
        var row = ARGRow(id: id, name: name, type: type, tenantId: tenantId)
        row.location = location
        row.resourceGroup = resourceGroup
        row.subscriptionId = subscriptionId
        row.tags = shape.chance(0.9) ? resourceGroupTags : [:]
        return row
    }

    /// A child row: no location or tags of its own, as Resource Graph shows child resources.
    func childRow(_ id: String, _ name: String, _ type: String) -> ARGRow {
        var row = ARGRow(id: id, name: name, type: type, tenantId: tenantId)
        row.resourceGroup = resourceGroup
        row.subscriptionId = subscriptionId
        return row
    }

    /// True when this setting is configured securely; the unit's hygiene decides how often.
    mutating func secure() -> Bool {
        posture.chance(hygiene)
    }

    /// A system-assigned identity, or `null`.
    mutating func identity() -> JSONValue {
        guard posture.chance(hygiene * 0.8) else { return .null }
        return .object([
            ("principalId", .string(StableID.guid("principal/\(suffix)/\(shape.next())"))),
            ("tenantId", .string(tenantId)), ("type", "SystemAssigned"),
        ])
    }

    /// A diagnostic setting on `parentId` sending these log categories to the workspace, or
    /// nothing (about a third of resources have none). Some keep logs too briefly.
    mutating func diagnosticSetting(on parentId: String, categories: [String]) -> JSONValue? {
        guard posture.chance(0.35 + hygiene * 0.55) else { return nil }
        let name = shape.chance(0.7) ? "send-to-law" : "diag-\(suffix)"
        let archive = posture.chance(0.4)
        let enabled = secure() || posture.chance(0.5)
        let days = posture.pick(weighted: [(365, 5.0), (0, 2.0), (90, 2.0), (30, 1.0)])
        let logs: [JSONValue] = categories.map { category in
            .object([
                ("category", .string(category)), ("categoryGroup", .null), ("enabled", .bool(enabled)),
                (
                    "retentionPolicy",
                    .object([("days", .number(Double(archive ? days : 0))), ("enabled", .bool(archive))])
                ),
            ])
        }
        var row = childRow(
            "\(parentId)/providers/microsoft.insights/diagnosticSettings/\(name)", name,
            "microsoft.insights/diagnosticsettings")
        var properties: [(String, JSONValue?)] = []
        if archive {
            properties.append(("storageAccountId", .string(id("Microsoft.Storage/storageAccounts", "stdiag\(suffix)"))))
        }
        properties += [
            ("workspaceId", .string(workspaceId)), ("logAnalyticsDestinationType", .null),
            ("logs", .array(logs)),
            (
                "metrics",
                .array([
                    .object([
                        ("category", "AllMetrics"), ("enabled", .bool(true)),
                        ("retentionPolicy", .object([("days", 0), ("enabled", false)])),
                    ])
                ])
            ),
        ]
        row.properties = .object(properties)
        return row.json
    }
}

extension UnitContext {
    /// The resource group's name without `rg-`, cut to `length` characters and never ending in a dash:
    /// the stem of the unit's resource names.
    func stem(_ length: Int) -> String {
        var s = String(resourceGroup.dropFirst(3).prefix(length))
        while s.hasSuffix("-") { s.removeLast() }
        return s
    }
}
