import JSONCore
import PolicyModel

/// Virtual networks (one per resource group), network security groups with rule arrays
/// (some opening management ports to the internet) and public IP addresses.
enum Networking {
    static func virtualNetwork(_ c: inout UnitContext, index: Int) -> JSONValue {
        let name = "vnet-\(c.resourceGroup.dropFirst(3))"
        let id = c.id("Microsoft.Network/virtualNetworks", name)
        var row = c.row(id, name, "microsoft.network/virtualnetworks")
        let second = index % 250
        let subnets: [JSONValue] = ["snet-app", "snet-data", "snet-pe"].enumerated().map { i, subnet in
            var properties: [(String, JSONValue?)] = [("addressPrefix", .string("10.\(second).\(i).0/24"))]
            if c.secure() {
                properties.append(
                    (
                        "networkSecurityGroup",
                        .object([
                            (
                                "id",
                                .string(
                                    c.id(
                                        "Microsoft.Network/networkSecurityGroups",
                                        defaultSecurityGroupName(c.resourceGroup)))
                            )
                        ])
                    ))
            }
            properties += [("privateEndpointNetworkPolicies", "Disabled"), ("provisioningState", "Succeeded")]
            return .object([
                ("name", .string(subnet)), ("id", .string("\(id)/subnets/\(subnet)")),
                ("properties", .object(properties)),
            ])
        }
        row.properties = .object([
            ("addressSpace", .object([("addressPrefixes", .strings(["10.\(second).0.0/16"]))])),
            ("subnets", .array(subnets)), ("virtualNetworkPeerings", []),
            ("enableDdosProtection", .bool(c.posture.chance(c.hygiene * 0.3))), ("provisioningState", "Succeeded"),
        ])
        return row.json
    }

    /// The security group every subnet and NIC of a resource group points at.
    static func defaultSecurityGroupName(_ resourceGroup: String) -> String { "nsg-\(resourceGroup)" }

    static func securityGroup(_ c: inout UnitContext, name: String) -> JSONValue {
        let id = c.id("Microsoft.Network/networkSecurityGroups", name)
        var row = c.row(id, name, "microsoft.network/networksecuritygroups")
        var rules: [JSONValue] = []
        var priority = 100
        func rule(_ name: String, _ port: String, _ source: String, _ access: String) -> JSONValue {
            defer { priority += 10 }
            return .object([
                ("name", .string(name)), ("id", .string("\(id)/securityRules/\(name)")),
                (
                    "properties",
                    .object([
                        ("protocol", "Tcp"), ("sourcePortRange", "*"), ("destinationPortRange", .string(port)),
                        ("sourceAddressPrefix", .string(source)), ("destinationAddressPrefix", "*"),
                        ("access", .string(access)),
                        ("priority", .number(Double(priority))), ("direction", "Inbound"), ("sourcePortRanges", []),
                        ("destinationPortRanges", []), ("sourceAddressPrefixes", []),
                        ("destinationAddressPrefixes", []),
                        ("provisioningState", "Succeeded"),
                    ])
                ),
            ])
        }
        rules.append(rule("allow-https", "443", "Internet", "Allow"))
        if !c.secure() {
            rules.append(rule("allow-ssh", "22", c.posture.pick(["*", "Internet", "0.0.0.0/0"]), "Allow"))
        }
        if !c.secure() { rules.append(rule("allow-rdp", "3389", c.posture.pick(["*", "Internet"]), "Allow")) }
        if c.shape.chance(0.5) { rules.append(rule("allow-bastion", "22", "10.0.250.0/26", "Allow")) }
        if c.shape.chance(0.3) { rules.append(rule("allow-app", "8080-8090", "VirtualNetwork", "Allow")) }
        rules.append(rule("deny-all-inbound", "*", "*", "Deny"))
        row.properties = .object([
            ("securityRules", .array(rules)), ("defaultSecurityRules", []),
            ("provisioningState", "Succeeded"), ("resourceGuid", .string(StableID.guid(id))),
        ])
        return row.json
    }

    static func publicIP(_ c: inout UnitContext, name: String) -> JSONValue {
        var row = c.row(c.id("Microsoft.Network/publicIPAddresses", name), name, "microsoft.network/publicipaddresses")
        row.sku = .object([("name", "Standard"), ("tier", "Regional")])
        row.properties = .object([
            ("publicIPAllocationMethod", "Static"), ("publicIPAddressVersion", "IPv4"),
            ("ipAddress", .string("20.\(c.shape.below(250)).\(c.shape.below(250)).\(c.shape.below(250))")),
            ("idleTimeoutInMinutes", 4),
            (
                "ddosSettings",
                .object([("protectionMode", .string(c.secure() ? "VirtualNetworkInherited" : "Disabled"))])
            ),
            ("provisioningState", "Succeeded"),
        ])
        return row.json
    }
}
