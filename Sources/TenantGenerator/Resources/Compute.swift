import JSONCore
import PolicyModel

/// Virtual machines with their network interface, managed disks and extensions.
enum Compute {
    static let linuxImages: [(String, String, String)] = [
        ("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2"), ("Canonical", "ubuntu-24_04-lts", "server"),
        ("RedHat", "RHEL", "9-lvm-gen2"), ("Debian", "debian-12", "12-gen2"),
    ]
    static let windowsImages: [(String, String, String)] = [
        ("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition"),
        ("MicrosoftWindowsServer", "WindowsServer", "2019-datacenter-gensecond"),
        ("MicrosoftSQLServer", "sql2019-ws2019", "enterprise"),
    ]
    static let sizes = ["Standard_D2s_v5", "Standard_D4s_v5", "Standard_E4s_v5", "Standard_B2ms", "Standard_F8s_v2"]

    static func virtualMachine(_ c: inout UnitContext, ordinal: Int) -> [JSONValue] {
        let windows = c.shape.chance(0.4)
        let name = "vm-\(c.stem(12))-\(ordinal)"
        let vmId = c.id("Microsoft.Compute/virtualMachines", name)
        let nicName = "\(name)-nic"
        let nicId = c.id("Microsoft.Network/networkInterfaces", nicName)
        let osDiskName = "\(name)_OsDisk_1_\(StableID.hex(c.shape.next(), 32))"
        let dataDisks = c.shape.below(3)
        let (publisher, offer, sku) = c.shape.pick(windows ? windowsImages : linuxImages)
        let zone = c.shape.chance(0.5) ? JSONValue.strings([String(1 + c.shape.below(3))]) : .null
        let trusted = c.secure()

        var vm = c.row(vmId, name, "microsoft.compute/virtualmachines")
        vm.zones = zone
        vm.identity = c.identity()
        let osProfile: JSONValue =
            windows
            ? .object([
                ("computerName", .string(String(name.prefix(15)))), ("adminUsername", "azureadmin"),
                (
                    "windowsConfiguration",
                    .object([
                        ("provisionVMAgent", true), ("enableAutomaticUpdates", .bool(c.secure())),
                        (
                            "patchSettings",
                            .object([
                                ("patchMode", .string(c.secure() ? "AutomaticByPlatform" : "Manual")),
                                ("assessmentMode", .string(c.secure() ? "AutomaticByPlatform" : "ImageDefault")),
                            ])
                        ),
                    ])
                ),
                ("secrets", []), ("allowExtensionOperations", true),
            ])
            : .object([
                ("computerName", .string(name)), ("adminUsername", "azureuser"),
                (
                    "linuxConfiguration",
                    .object([
                        ("disablePasswordAuthentication", .bool(c.secure())), ("provisionVMAgent", true),
                        (
                            "patchSettings",
                            .object([
                                ("patchMode", .string(c.secure() ? "AutomaticByPlatform" : "ImageDefault")),
                                ("assessmentMode", "ImageDefault"),
                            ])
                        ),
                    ])
                ),
                ("secrets", []), ("allowExtensionOperations", true),
            ])
        var disks: [JSONValue] = []
        for lun in 0..<dataDisks {
            let diskName = "\(name)-data-\(lun)"
            disks.append(
                .object([
                    ("lun", .number(Double(lun))), ("name", .string(diskName)), ("createOption", "Attach"),
                    ("caching", "ReadOnly"),
                    (
                        "managedDisk",
                        .object([
                            ("id", .string(c.id("Microsoft.Compute/disks", diskName))),
                            ("storageAccountType", "Premium_LRS"),
                        ])
                    ),
                    ("diskSizeGB", .number(Double(128 << c.shape.below(4)))), ("toBeDetached", false),
                ]))
        }
        vm.properties = .object([
            ("vmId", .string(StableID.guid(vmId))),
            ("hardwareProfile", .object([("vmSize", .string(c.shape.pick(sizes)))])),
            (
                "storageProfile",
                .object([
                    (
                        "imageReference",
                        .object([
                            ("publisher", .string(publisher)), ("offer", .string(offer)), ("sku", .string(sku)),
                            ("version", "latest"), ("exactVersion", "1.0.20240601"),
                        ])
                    ),
                    (
                        "osDisk",
                        .object([
                            ("osType", .string(windows ? "Windows" : "Linux")), ("name", .string(osDiskName)),
                            ("createOption", "FromImage"), ("caching", "ReadWrite"),
                            (
                                "managedDisk",
                                .object([
                                    ("id", .string(c.id("Microsoft.Compute/disks", osDiskName))),
                                    ("storageAccountType", "Premium_LRS"),
                                ])
                            ),
                            ("deleteOption", "Delete"), ("diskSizeGB", 128),
                        ])
                    ),
                    ("dataDisks", .array(disks)),
                ])
            ),
            ("osProfile", osProfile),
            (
                "networkProfile",
                .object([
                    (
                        "networkInterfaces",
                        .array([
                            .object([
                                ("id", .string(nicId)),
                                ("properties", .object([("deleteOption", "Delete")])),
                            ])
                        ])
                    )
                ])
            ),
            (
                "securityProfile",
                trusted
                    ? .object([
                        ("securityType", "TrustedLaunch"), ("encryptionAtHost", .bool(c.secure())),
                        ("uefiSettings", .object([("secureBootEnabled", .bool(c.secure())), ("vTpmEnabled", true)])),
                    ])
                    : .object([("encryptionAtHost", false)])
            ),
            ("diagnosticsProfile", .object([("bootDiagnostics", .object([("enabled", true)]))])),
            ("provisioningState", "Succeeded"),
            (
                "extended",
                .object([
                    (
                        "instanceView",
                        .object([
                            (
                                "powerState",
                                .object([
                                    ("code", "PowerState/running"),
                                    ("level", "Info"), ("displayStatus", "VM running"),
                                ])
                            ), ("computerName", .string(String(name.prefix(15)))),
                            ("osName", .string(windows ? "Windows Server 2022 Datacenter" : "ubuntu")),
                            ("osVersion", "22.04"),
                        ])
                    )
                ])
            ),
        ])

        var rows = [vm.json, nic(&c, name: nicName, id: nicId, vmId: vmId)]
        rows.append(disk(&c, name: osDiskName, vmId: vmId, os: windows ? "Windows" : "Linux"))
        for lun in 0..<dataDisks { rows.append(disk(&c, name: "\(name)-data-\(lun)", vmId: vmId, os: nil)) }
        for (extPublisher, extType, extName) in extensions(&c, windows: windows) {
            var ext = c.row("\(vmId)/extensions/\(extName)", extName, "microsoft.compute/virtualmachines/extensions")
            ext.tags = [:]
            ext.properties = .object([
                ("publisher", .string(extPublisher)), ("type", .string(extType)),
                ("typeHandlerVersion", "1.0"), ("autoUpgradeMinorVersion", true), ("enableAutomaticUpgrade", true),
                ("provisioningState", .string(c.posture.chance(0.97) ? "Succeeded" : "Failed")),
            ])
            rows.append(ext.json)
        }
        return rows
    }

    /// The agents a VM carries: Defender for Endpoint, Azure Monitor, Guest Configuration (not always).
    private static func extensions(_ c: inout UnitContext, windows: Bool) -> [(String, String, String)] {
        var out: [(String, String, String)] = []
        if c.secure() {
            out.append(("Microsoft.Azure.AzureDefenderForServers", windows ? "MDE.Windows" : "MDE.Linux", "MDE"))
        }
        if c.shape.chance(0.7) {
            out.append(
                (
                    "Microsoft.Azure.Monitor", windows ? "AzureMonitorWindowsAgent" : "AzureMonitorLinuxAgent",
                    windows ? "AzureMonitorWindowsAgent" : "AzureMonitorLinuxAgent"
                ))
        }
        if c.secure() {
            out.append(
                (
                    "Microsoft.GuestConfiguration", windows ? "ConfigurationforWindows" : "ConfigurationForLinux",
                    windows ? "AzurePolicyforWindows" : "AzurePolicyforLinux"
                ))
        }
        return out
    }

    static func nic(_ c: inout UnitContext, name: String, id: String, vmId: String?) -> JSONValue {
        var row = c.row(id, name, "microsoft.network/networkinterfaces")
        let ip = "10.\(c.shape.below(250)).\(c.shape.below(250)).\(4 + c.shape.below(250))"
        var ipProperties: [(String, JSONValue?)] = [
            ("privateIPAddress", .string(ip)), ("privateIPAllocationMethod", "Dynamic"),
            ("privateIPAddressVersion", "IPv4"), ("subnet", .object([("id", .string(c.subnetId))])), ("primary", true),
            ("provisioningState", "Succeeded"),
        ]
        if !c.secure() {
            ipProperties.append(
                (
                    "publicIPAddress",
                    .object([("id", .string(c.id("Microsoft.Network/publicIPAddresses", "\(name)-pip")))])
                ))
        }
        row.properties = .object([
            (
                "ipConfigurations",
                .array([
                    .object([
                        ("name", "ipconfig1"), ("id", .string("\(id)/ipConfigurations/ipconfig1")),
                        ("properties", .object(ipProperties)),
                    ])
                ])
            ),
            ("enableAcceleratedNetworking", .bool(c.shape.chance(0.6))),
            ("enableIPForwarding", .bool(!c.posture.chance(0.95))),
            (
                "networkSecurityGroup",
                c.secure()
                    ? .object([
                        (
                            "id",
                            .string(
                                c.id(
                                    "Microsoft.Network/networkSecurityGroups",
                                    Networking.defaultSecurityGroupName(c.resourceGroup)))
                        )
                    ]) : nil
            ),
            ("virtualMachine", vmId.map { .object([("id", .string($0))]) }), ("nicType", "Standard"),
            ("provisioningState", "Succeeded"),
        ])
        return row.json
    }

    static func disk(_ c: inout UnitContext, name: String, vmId: String, os: String?) -> JSONValue {
        var row = c.row(c.id("Microsoft.Compute/disks", name), name, "microsoft.compute/disks")
        row.managedBy = vmId
        row.sku = .object([("name", "Premium_LRS"), ("tier", "Premium")])
        let cmk = c.posture.chance(c.hygiene * 0.3)
        row.properties = .object([
            ("osType", os.map { .string($0) }),
            ("creationData", .object([("createOption", .string(os == nil ? "Empty" : "FromImage"))])),
            ("diskSizeGB", 128), ("diskIOPSReadWrite", 500), ("diskMBpsReadWrite", 100),
            (
                "encryption",
                .object([("type", .string(cmk ? "EncryptionAtRestWithCustomerKey" : "EncryptionAtRestWithPlatformKey"))]
                )
            ),
            ("networkAccessPolicy", .string(c.secure() ? "DenyAll" : "AllowAll")),
            ("publicNetworkAccess", .string(c.secure() ? "Disabled" : "Enabled")),
            ("diskState", "Attached"), ("provisioningState", "Succeeded"),
            ("timeCreated", "2024-05-14T08:21:40.1234567+00:00"),
        ])
        return row.json
    }
}
