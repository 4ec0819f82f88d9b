import JSONCore
import PolicyModel

/// AKS clusters (with diagnostic settings) and container registries.
enum Containers {
    static func cluster(_ c: inout UnitContext, ordinal: Int) -> [JSONValue] {
        let name = "aks-\(c.stem(16))-\(ordinal)"
        let id = c.id("Microsoft.ContainerService/managedClusters", name)
        var row = c.row(id, name, "microsoft.containerservice/managedclusters")
        row.sku = .object([("name", "Base"), ("tier", .string(c.shape.chance(0.5) ? "Standard" : "Free"))])
        row.identity = .object([
            ("principalId", .string(StableID.guid("principal/\(id)"))), ("tenantId", .string(c.tenantId)),
            ("type", "SystemAssigned"),
        ])
        let privateCluster = c.posture.chance(c.hygiene * 0.6)
        row.properties = .object([
            ("kubernetesVersion", .string(c.shape.pick(["1.29.7", "1.30.3", "1.28.9"]))),
            ("dnsPrefix", .string(name)), ("fqdn", .string("\(name)-dns.hcp.\(c.location).azmk8s.io")),
            ("enableRBAC", .bool(c.posture.chance(0.9 + c.hygiene / 10))),
            (
                "agentPoolProfiles",
                .array([
                    .object([
                        ("name", "system"), ("count", 3), ("vmSize", "Standard_D4s_v5"),
                        ("osType", "Linux"), ("mode", "System"), ("enableAutoScaling", true),
                    ])
                ])
            ),
            (
                "addonProfiles",
                .object([
                    ("azurepolicy", .object([("enabled", .bool(c.secure()))])),
                    (
                        "omsagent",
                        .object([
                            ("enabled", .bool(c.secure())),
                            ("config", .object([("logAnalyticsWorkspaceResourceID", .string(c.workspaceId))])),
                        ])
                    ),
                ])
            ),
            (
                "apiServerAccessProfile",
                .object([
                    ("enablePrivateCluster", .bool(privateCluster)),
                    ("authorizedIPRanges", privateCluster || !c.secure() ? [] : .strings(["203.0.113.0/24"])),
                ])
            ),
            (
                "securityProfile",
                .object([("defender", .object([("securityMonitoring", .object([("enabled", .bool(c.secure()))]))]))])
            ),
            (
                "networkProfile",
                .object([("networkPlugin", "azure"), ("networkPolicy", .string(c.secure() ? "calico" : "none"))])
            ),
            ("disableLocalAccounts", .bool(c.secure())), ("provisioningState", "Succeeded"),
        ])
        var rows = [row.json]
        if let diagnostics = c.diagnosticSetting(on: id, categories: ["kube-apiserver", "kube-audit", "guard"]) {
            rows.append(diagnostics)
        }
        return rows
    }

    static func registry(_ c: inout UnitContext, ordinal: Int) -> JSONValue {
        let name = "acr\(c.resourceGroup.dropFirst(3).filter(\.isLetter).prefix(12))\(c.suffix)"
        var row = c.row(
            c.id("Microsoft.ContainerRegistry/registries", name), name, "microsoft.containerregistry/registries")
        row.sku = .object([("name", .string(c.shape.chance(0.4) ? "Premium" : "Standard")), ("tier", "Standard")])
        let restricted = c.secure()
        row.properties = .object([
            ("loginServer", .string("\(name).azurecr.io")), ("adminUserEnabled", .bool(!c.secure())),
            ("publicNetworkAccess", .string(restricted ? "Disabled" : "Enabled")),
            ("networkRuleSet", .object([("defaultAction", .string(restricted ? "Deny" : "Allow")), ("ipRules", [])])),
            ("encryption", .object([("status", .string(c.posture.chance(c.hygiene * 0.3) ? "enabled" : "disabled"))])),
            ("anonymousPullEnabled", false), ("privateEndpointConnections", []), ("provisioningState", "Succeeded"),
        ])
        return row.json
    }
}
