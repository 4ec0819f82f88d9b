import JSONCore
import PolicyModel

/// SQL servers with their databases and auditing, alert and encryption settings as child
/// resources; Redis caches; Cosmos DB accounts.
enum Databases {
    static func sqlServer(_ c: inout UnitContext, ordinal: Int) -> [JSONValue] {
        let name = "sql-\(c.stem(16))-\(c.suffix)"
        let id = c.id("Microsoft.Sql/servers", name)
        var row = c.row(id, name, "microsoft.sql/servers")
        row.kind = "v12.0"
        row.identity = c.identity()
        let restricted = c.secure()
        let entraOnly = c.secure()
        row.properties = .object([
            ("administratorLogin", "sqladmin"), ("version", "12.0"), ("state", "Ready"),
            ("fullyQualifiedDomainName", .string("\(name).database.windows.net")),
            ("minimalTlsVersion", .string(c.secure() ? "1.2" : c.posture.pick(["1.0", "1.1", "None"]))),
            ("publicNetworkAccess", .string(restricted ? "Disabled" : "Enabled")),
            ("restrictOutboundNetworkAccess", "Disabled"),
            (
                "administrators",
                .object([
                    ("administratorType", "ActiveDirectory"), ("principalType", "Group"),
                    ("login", "sql-admins"), ("sid", .string(StableID.guid("sid/\(name)"))),
                    ("tenantId", .string(c.tenantId)),
                    ("azureADOnlyAuthentication", .bool(entraOnly)),
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
                                    ("privateLinkServiceConnectionState", .object([("status", "Approved")])),
                                    ("provisioningState", "Ready"),
                                ])
                            ),
                        ])
                    ])
                    : []
            ),
        ])
        var rows = [row.json]
        var auditing = c.childRow("\(id)/auditingSettings/default", "default", "microsoft.sql/servers/auditingsettings")
        let audited = c.secure()
        auditing.properties = .object([
            ("state", .string(audited ? "Enabled" : "Disabled")),
            ("retentionDays", .number(Double(audited ? c.posture.pick([0, 90, 180]) : 0))),
            (
                "auditActionsAndGroups",
                .strings([
                    "SUCCESSFUL_DATABASE_AUTHENTICATION_GROUP", "FAILED_DATABASE_AUTHENTICATION_GROUP",
                    "BATCH_COMPLETED_GROUP",
                ])
            ),
            ("isAzureMonitorTargetEnabled", .bool(audited)), ("isStorageSecondaryKeyInUse", false),
            ("storageAccountSubscriptionId", "00000000-0000-0000-0000-000000000000"),
        ])
        rows.append(auditing.json)
        var alerts = c.childRow(
            "\(id)/securityAlertPolicies/Default", "Default", "microsoft.sql/servers/securityalertpolicies")
        alerts.properties = .object([
            ("state", .string(c.secure() ? "Enabled" : "Disabled")), ("disabledAlerts", [""]),
            ("emailAddresses", [""]), ("emailAccountAdmins", false), ("retentionDays", 0),
        ])
        rows.append(alerts.json)
        var admin = c.childRow(
            "\(id)/administrators/ActiveDirectory", "ActiveDirectory", "microsoft.sql/servers/administrators")
        admin.properties = .object([
            ("administratorType", "ActiveDirectory"), ("login", "sql-admins"),
            ("sid", .string(StableID.guid("sid/\(name)"))), ("tenantId", .string(c.tenantId)),
            ("azureADOnlyAuthentication", .bool(entraOnly)),
        ])
        rows.append(admin.json)
        for d in 0..<(1 + c.shape.below(4)) {
            let dbName = "sqldb-\(c.stem(12))-\(d)"
            let dbId = "\(id)/databases/\(dbName)"
            var db = c.row(dbId, dbName, "microsoft.sql/servers/databases")
            db.kind = "v12.0,user"
            db.managedBy = ""
            db.sku = .object([("name", "GP_Gen5"), ("tier", "GeneralPurpose"), ("family", "Gen5"), ("capacity", 2)])
            db.properties = .object([
                ("collation", "SQL_Latin1_General_CP1_CI_AS"), ("maxSizeBytes", 34_359_738_368),
                ("status", "Online"), ("databaseId", .string(StableID.guid(dbId))),
                ("zoneRedundant", .bool(c.shape.chance(0.3))),
                ("requestedBackupStorageRedundancy", "Geo"), ("isLedgerOn", false),
            ])
            rows.append(db.json)
            var tde = c.childRow(
                "\(dbId)/transparentDataEncryption/current", "current",
                "microsoft.sql/servers/databases/transparentdataencryption")
            tde.properties = .object([
                ("state", .string(c.posture.chance(0.9 + c.hygiene / 10) ? "Enabled" : "Disabled"))
            ])
            rows.append(tde.json)
        }
        return rows
    }

    static func redis(_ c: inout UnitContext, ordinal: Int) -> JSONValue {
        let name = "redis-\(c.stem(14))-\(c.suffix)"
        var row = c.row(c.id("Microsoft.Cache/Redis", name), name, "microsoft.cache/redis")
        row.properties = .object([
            ("sku", .object([("name", "Standard"), ("family", "C"), ("capacity", 1)])),
            ("enableNonSslPort", .bool(!c.secure())), ("minimumTlsVersion", .string(c.secure() ? "1.2" : "1.0")),
            ("publicNetworkAccess", .string(c.secure() ? "Disabled" : "Enabled")), ("redisVersion", "6.0"),
            ("hostName", .string("\(name).redis.cache.windows.net")), ("port", 6379), ("sslPort", 6380),
            ("privateEndpointConnections", []), ("provisioningState", "Succeeded"),
        ])
        return row.json
    }

    static func cosmos(_ c: inout UnitContext, ordinal: Int) -> JSONValue {
        let name = "cosmos-\(c.stem(14))-\(c.suffix)"
        var row = c.row(
            c.id("Microsoft.DocumentDB/databaseAccounts", name), name, "microsoft.documentdb/databaseaccounts")
        row.kind = "GlobalDocumentDB"
        let restricted = c.secure()
        row.properties = .object([
            ("databaseAccountOfferType", "Standard"),
            ("publicNetworkAccess", .string(restricted ? "Disabled" : "Enabled")),
            ("isVirtualNetworkFilterEnabled", .bool(restricted)), ("disableLocalAuth", .bool(c.secure())),
            ("ipRules", .array(restricted ? [] : [.object([("ipAddressOrRange", "0.0.0.0")])])),
            (
                "keyVaultKeyUri",
                c.posture.chance(c.hygiene * 0.3) ? .string("https://kv-keys.vault.azure.net/keys/cosmos") : nil
            ),
            ("consistencyPolicy", .object([("defaultConsistencyLevel", "Session")])),
            ("locations", .array([.object([("locationName", .string(c.location)), ("failoverPriority", 0)])])),
            ("capabilities", []), ("privateEndpointConnections", []), ("provisioningState", "Succeeded"),
        ])
        return row.json
    }
}
