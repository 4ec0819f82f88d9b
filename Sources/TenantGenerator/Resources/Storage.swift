import JSONCore
import PolicyModel

/// Storage accounts, with the settings MCSB's storage policies test (secure transfer,
/// public blob access, shared keys, network rules, encryption).
enum Storage {
    static func account(_ c: inout UnitContext, ordinal: Int) -> JSONValue {
        let name = "st\(c.resourceGroup.dropFirst(3).filter(\.isLetter).prefix(10))\(c.suffix)"
        var row = c.row(c.id("Microsoft.Storage/storageAccounts", name), name, "microsoft.storage/storageaccounts")
        row.kind = c.shape.pick(["StorageV2", "StorageV2", "StorageV2", "BlobStorage", "Storage"])
        row.sku = .object([
            ("name", .string(c.shape.pick(["Standard_LRS", "Standard_GRS", "Standard_ZRS", "Premium_LRS"]))),
            ("tier", "Standard"),
        ])
        row.identity = c.identity()
        let restricted = c.secure()
        let ipRules: [JSONValue] =
            restricted && c.shape.chance(0.5)
            ? [.object([("value", .string("203.0.113.\(c.shape.below(250))")), ("action", "Allow")])] : []
        row.properties = .object([
            ("supportsHttpsTrafficOnly", .bool(c.posture.chance(0.6 + c.hygiene * 0.4))),
            ("minimumTlsVersion", .string(c.secure() ? "TLS1_2" : c.posture.pick(["TLS1_0", "TLS1_1"]))),
            ("allowBlobPublicAccess", .bool(!c.secure())),
            ("allowSharedKeyAccess", .bool(!c.posture.chance(c.hygiene * 0.6))),
            ("publicNetworkAccess", .string(restricted ? "Disabled" : "Enabled")),
            (
                "networkAcls",
                .object([
                    ("bypass", "AzureServices"), ("defaultAction", .string(restricted ? "Deny" : "Allow")),
                    ("ipRules", .array(ipRules)),
                    (
                        "virtualNetworkRules",
                        .array(
                            restricted
                                ? [.object([("id", .string(c.subnetId)), ("action", "Allow"), ("state", "Succeeded")])]
                                : [])
                    ),
                    ("resourceAccessRules", []),
                ])
            ),
            (
                "encryption",
                .object([
                    (
                        "services",
                        .object([
                            ("blob", .object([("keyType", "Account"), ("enabled", true)])),
                            ("file", .object([("keyType", "Account"), ("enabled", true)])),
                        ])
                    ),
                    (
                        "keySource",
                        .string(c.posture.chance(c.hygiene * 0.25) ? "Microsoft.Keyvault" : "Microsoft.Storage")
                    ),
                    ("requireInfrastructureEncryption", .bool(c.posture.chance(0.2))),
                ])
            ),
            ("accessTier", "Hot"), ("isHnsEnabled", .bool(c.shape.chance(0.2))),
            ("privateEndpointConnections", []),
            (
                "primaryEndpoints",
                .object([
                    ("blob", .string("https://\(name).blob.core.windows.net/")),
                    ("queue", .string("https://\(name).queue.core.windows.net/")),
                    ("table", .string("https://\(name).table.core.windows.net/")),
                    ("file", .string("https://\(name).file.core.windows.net/")),
                ])
            ),
            ("primaryLocation", .string(c.location)), ("statusOfPrimary", "available"),
            ("creationTime", "2023-09-18T10:12:44.5812736Z"), ("provisioningState", "Succeeded"),
        ])
        return row.json
    }
}
