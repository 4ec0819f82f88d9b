import JSONCore
import PolicyModel

/// Key vaults (with diagnostic settings) and user-assigned managed identities.
enum SecurityResources {
    static func keyVault(_ c: inout UnitContext, ordinal: Int) -> [JSONValue] {
        let name = "kv-\(c.stem(10))-\(c.suffix)"
        let id = c.id("Microsoft.KeyVault/vaults", name)
        var row = c.row(id, name, "microsoft.keyvault/vaults")
        let softDelete = c.posture.chance(0.7 + c.hygiene * 0.3)
        let restricted = c.secure()
        row.properties = .object([
            ("sku", .object([("family", "A"), ("name", .string(c.shape.chance(0.2) ? "premium" : "standard"))])),
            ("tenantId", .string(c.tenantId)), ("accessPolicies", []),
            ("enabledForDeployment", false), ("enabledForDiskEncryption", .bool(c.shape.chance(0.3))),
            ("enabledForTemplateDeployment", false),
            ("enableSoftDelete", .bool(softDelete)), ("softDeleteRetentionInDays", 90),
            ("enableRbacAuthorization", .bool(c.secure())),
            ("enablePurgeProtection", softDelete && c.secure() ? .bool(true) : nil),
            ("publicNetworkAccess", .string(restricted ? "Disabled" : "Enabled")),
            (
                "networkAcls",
                .object([
                    ("bypass", "AzureServices"), ("defaultAction", .string(restricted ? "Deny" : "Allow")),
                    ("ipRules", []), ("virtualNetworkRules", []),
                ])
            ),
            (
                "privateEndpointConnections",
                restricted
                    ? .array([
                        .object([
                            ("id", .string("\(id)/privateEndpointConnections/pe-\(name)")),
                            (
                                "properties",
                                .object([
                                    (
                                        "privateLinkServiceConnectionState",
                                        .object([
                                            ("status", "Approved"),
                                            ("actionsRequired", "None"),
                                        ])
                                    ), ("provisioningState", "Succeeded"),
                                ])
                            ),
                        ])
                    ])
                    : []
            ),
            ("vaultUri", .string("https://\(name).vault.azure.net/")), ("provisioningState", "Succeeded"),
        ])
        var rows = [row.json]
        if let diagnostics = c.diagnosticSetting(on: id, categories: ["AuditEvent", "AzurePolicyEvaluationDetails"]) {
            rows.append(diagnostics)
        }
        return rows
    }

    static func identity(_ c: inout UnitContext, ordinal: Int) -> JSONValue {
        let name = "id-\(c.stem(16))-\(ordinal)"
        var row = c.row(
            c.id("Microsoft.ManagedIdentity/userAssignedIdentities", name), name,
            "microsoft.managedidentity/userassignedidentities")
        row.properties = .object([
            ("tenantId", .string(c.tenantId)), ("principalId", .string(StableID.guid("principal/\(name)/\(c.suffix)"))),
            ("clientId", .string(StableID.guid("client/\(name)/\(c.suffix)"))),
        ])
        return row.json
    }
}
