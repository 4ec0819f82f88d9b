import JSONCore
import PolicyModel

/// App Service: plans, web apps and function apps, each site with its `web` config child
/// (the properties MCSB's App Service policies read) and often a diagnostic setting.
enum WebApps {
    static func plan(_ c: inout UnitContext, ordinal: Int) -> JSONValue {
        let name = "asp-\(c.stem(16))-\(ordinal)"
        var row = c.row(c.id("Microsoft.Web/serverFarms", name), name, "microsoft.web/serverfarms")
        let linux = c.shape.chance(0.5)
        row.kind = linux ? "linux" : "app"
        row.sku = .object([
            ("name", .string(c.shape.pick(["P1v3", "P2v3", "S1", "B1", "EP1"]))), ("tier", "PremiumV3"),
            ("capacity", .number(Double(1 + c.shape.below(3)))),
        ])
        row.properties = .object([
            ("status", "Ready"), ("reserved", .bool(linux)), ("zoneRedundant", .bool(c.secure())),
            ("numberOfSites", .number(Double(c.shape.below(6)))), ("provisioningState", "Succeeded"),
        ])
        return row.json
    }

    static func site(_ c: inout UnitContext, ordinal: Int, function: Bool) -> [JSONValue] {
        let linux = c.shape.chance(0.45)
        let prefix = function ? "func" : "app"
        let name = "\(prefix)-\(c.stem(16))-\(c.suffix)"
        let id = c.id("Microsoft.Web/sites", name)
        var row = c.row(id, name, "microsoft.web/sites")
        row.kind = function ? (linux ? "functionapp,linux" : "functionapp") : (linux ? "app,linux" : "app")
        row.identity = c.identity()
        let httpsOnly = c.secure()
        row.properties = .object([
            ("name", .string(name)), ("state", "Running"),
            ("hostNames", .strings(["\(name).azurewebsites.net"])),
            ("enabled", true), ("httpsOnly", .bool(httpsOnly)),
            ("clientCertEnabled", .bool(c.posture.chance(c.hygiene * 0.5))), ("clientCertMode", "Required"),
            ("publicNetworkAccess", .string(c.secure() ? "Disabled" : "Enabled")),
            ("serverFarmId", .string(c.id("Microsoft.Web/serverfarms", "asp-\(c.stem(16))-\(ordinal)"))),
            ("reserved", .bool(linux)), ("isXenon", false), ("hyperV", false),
            (
                "siteConfig",
                .object([
                    ("numberOfWorkers", 1), ("linuxFxVersion", .string(linux ? "DOTNETCORE|8.0" : "")),
                    ("acrUseManagedIdentityCreds", false), ("alwaysOn", .bool(!function)), ("http20Enabled", false),
                    ("functionAppScaleLimit", 0), ("minimumElasticInstanceCount", 0),
                ])
            ),
            ("defaultHostName", .string("\(name).azurewebsites.net")),
            ("outboundIpAddresses", "20.50.2.10,20.50.2.11"), ("redundancyMode", "None"),
            ("keyVaultReferenceIdentity", "SystemAssigned"),
            ("virtualNetworkSubnetId", c.secure() ? .string(c.subnetId) : .null),
        ])
        var rows = [row.json]
        var config = c.childRow("\(id)/config/web", "web", "microsoft.web/sites/config")
        config.location = c.location
        config.properties = .object([
            ("numberOfWorkers", 1), ("netFrameworkVersion", "v8.0"),
            ("linuxFxVersion", .string(linux ? "DOTNETCORE|8.0" : "")),
            ("requestTracingEnabled", false), ("remoteDebuggingEnabled", .bool(!c.posture.chance(0.5 + c.hygiene / 2))),
            ("remoteDebuggingVersion", "VS2022"), ("httpLoggingEnabled", .bool(c.secure())),
            ("http20Enabled", .bool(c.secure())),
            ("minTlsVersion", .string(c.secure() ? c.posture.pick(["1.2", "1.3"]) : c.posture.pick(["1.0", "1.1"]))),
            ("scmMinTlsVersion", "1.2"),
            ("ftpsState", .string(c.secure() ? c.posture.pick(["FtpsOnly", "Disabled"]) : "AllAllowed")),
            (
                "cors",
                c.posture.chance(0.3)
                    ? .object([
                        ("allowedOrigins", .strings(c.secure() ? ["https://portal.contoso.com"] : ["*"])),
                        ("supportCredentials", false),
                    ])
                    : .null
            ),
            ("managedServiceIdentityId", c.secure() ? .number(Double(1000 + c.shape.below(9000))) : nil),
            ("alwaysOn", .bool(!function)), ("publicNetworkAccess", .string(c.secure() ? "Disabled" : "Enabled")),
        ])
        rows.append(config.json)
        if let diagnostics = c.diagnosticSetting(
            on: id,
            categories: ["AppServiceHTTPLogs", "AppServiceConsoleLogs", "AppServiceAppLogs", "AppServiceAuditLogs"])
        {
            rows.append(diagnostics)
        }
        return rows
    }
}
