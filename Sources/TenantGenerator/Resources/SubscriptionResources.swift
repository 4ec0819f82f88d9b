import JSONCore
import PolicyModel

/// Resources every subscription has: a Log Analytics workspace, Defender plans
/// (`Microsoft.Security/pricings`) and a security contact. MCSB's subscription-level
/// policies read the last two.
enum SubscriptionResources {
    /// The Defender plans MCSB checks, with the share of subscriptions that enable them when well kept.
    static let plans = [
        "VirtualMachines", "AppServices", "SqlServers", "SqlServerVirtualMachines", "StorageAccounts", "KeyVaults",
        "Containers", "Arm", "Api", "CloudPosture", "OpenSourceRelationalDatabases",
    ]

    /// The resource group holding shared monitoring resources.
    static let monitoringGroupIndex = 0

    static func workspaceId(subscriptionId: String, resourceGroup: String) -> String {
        "/subscriptions/\(subscriptionId)/resourceGroups/\(resourceGroup)/providers/Microsoft.OperationalInsights/workspaces/law-\(subscriptionId.prefix(8))"
    }

    static func rows(_ c: inout UnitContext) -> [JSONValue] {
        var rows: [JSONValue] = []
        var workspace = c.row(
            c.workspaceId, "law-\(c.subscriptionId.prefix(8))", "microsoft.operationalinsights/workspaces")
        workspace.properties = .object([
            ("customerId", .string(StableID.guid(c.workspaceId))),
            ("sku", .object([("name", "PerGB2018")])),
            ("retentionInDays", .number(Double(c.shape.pick([30, 90, 365])))),
            ("publicNetworkAccessForIngestion", "Enabled"), ("publicNetworkAccessForQuery", "Enabled"),
            ("provisioningState", "Succeeded"),
        ])
        rows.append(workspace.json)
        let subscriptionPath = "/subscriptions/\(c.subscriptionId)"
        for plan in plans {
            let id = "\(subscriptionPath)/providers/Microsoft.Security/pricings/\(plan)"
            var row = ARGRow(id: id, name: plan, type: "microsoft.security/pricings", tenantId: c.tenantId)
            row.subscriptionId = c.subscriptionId
            let standard = c.posture.chance(0.25 + c.hygiene * 0.7)
            var properties: [(String, JSONValue?)] = [
                ("pricingTier", .string(standard ? "Standard" : "Free")),
                ("freeTrialRemainingTime", "PT0S"),
            ]
            if standard, plan == "VirtualMachines" { properties.append(("subPlan", "P2")) }
            if standard, plan == "StorageAccounts" {
                properties.append(("subPlan", "DefenderForStorageV2"))
                properties.append(
                    (
                        "extensions",
                        .array([
                            .object([("name", "OnUploadMalwareScanning"), ("isEnabled", "True")]),
                            .object([("name", "SensitiveDataDiscovery"), ("isEnabled", "True")]),
                        ])
                    ))
            }
            if standard { properties.append(("enablementTime", "2024-02-01T10:00:00.0000000Z")) }
            row.properties = .object(properties)
            rows.append(row.json)
        }
        let contactId = "\(subscriptionPath)/providers/Microsoft.Security/securityContacts/default"
        var contact = ARGRow(
            id: contactId, name: "default", type: "microsoft.security/securitycontacts", tenantId: c.tenantId)
        contact.subscriptionId = c.subscriptionId
        let notify = c.secure()
        contact.properties = .object([
            ("emails", .string(c.secure() ? "secops@contoso.com" : "")), ("phone", ""), ("isEnabled", .bool(notify)),
            (
                "alertNotifications",
                .object([("state", .string(notify ? "On" : "Off")), ("minimalSeverity", "Medium")])
            ),
            (
                "notificationsByRole",
                .object([("state", .string(c.secure() ? "On" : "Off")), ("roles", .strings(["Owner"]))])
            ),
            ("notificationsSources", .array([.object([("sourceType", "Alert"), ("minimalSeverity", "Medium")])])),
        ])
        rows.append(contact.json)
        return rows
    }
}
