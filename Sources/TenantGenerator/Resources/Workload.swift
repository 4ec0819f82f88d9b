import JSONCore

/// The kinds of unit a resource group holds, with how common each is. A unit is one
/// resource and the child resources that come with it (a VM with its NIC, disks and
/// extensions; a SQL server with databases and auditing settings).
enum Workload: Int, CaseIterable, Sendable {
    case virtualMachine, webApp, functionApp, appServicePlan, storageAccount, networkSecurityGroup, publicIPAddress,
        keyVault, sqlServer, kubernetesCluster, containerRegistry, redisCache, cosmosAccount, managedIdentity

    /// Relative frequency among units.
    var weight: Double {
        switch self {
        case .virtualMachine: 12
        case .webApp: 12
        case .functionApp: 6
        case .appServicePlan: 5
        case .storageAccount: 16
        case .networkSecurityGroup: 7
        case .publicIPAddress: 6
        case .keyVault: 6
        case .sqlServer: 2.5
        case .kubernetesCluster: 1
        case .containerRegistry: 2
        case .redisCache: 1.5
        case .cosmosAccount: 1.5
        case .managedIdentity: 6
        }
    }

    /// The kinds that always make exactly one row: used to fill the last few rows exactly.
    static let singleRow: [Workload] = [.storageAccount, .publicIPAddress, .managedIdentity, .appServicePlan]

    static let weighted: [(Workload, Double)] = allCases.map { ($0, $0.weight) }

    /// The unit's rows, parent first. `ordinal` numbers units within the tenant for names.
    func rows(_ c: inout UnitContext, ordinal: Int) -> [JSONValue] {
        switch self {
        case .virtualMachine: Compute.virtualMachine(&c, ordinal: ordinal)
        case .webApp: WebApps.site(&c, ordinal: ordinal, function: false)
        case .functionApp: WebApps.site(&c, ordinal: ordinal, function: true)
        case .appServicePlan: [WebApps.plan(&c, ordinal: ordinal)]
        case .storageAccount: [Storage.account(&c, ordinal: ordinal)]
        case .networkSecurityGroup:
            [Networking.securityGroup(&c, name: "nsg-\(c.resourceGroup.dropFirst(3))-\(ordinal)")]
        case .publicIPAddress: [Networking.publicIP(&c, name: "pip-\(c.resourceGroup)-\(ordinal)")]
        case .keyVault: SecurityResources.keyVault(&c, ordinal: ordinal)
        case .sqlServer: Databases.sqlServer(&c, ordinal: ordinal)
        case .kubernetesCluster: Containers.cluster(&c, ordinal: ordinal)
        case .containerRegistry: [Containers.registry(&c, ordinal: ordinal)]
        case .redisCache: [Databases.redis(&c, ordinal: ordinal)]
        case .cosmosAccount: [Databases.cosmos(&c, ordinal: ordinal)]
        case .managedIdentity: [SecurityResources.identity(&c, ordinal: ordinal)]
        }
    }
}
