import JSONCore
import PolicyModel

/// The resources of a generated tenant: exactly `options.resources` rows, written as
/// `resources.json`, and a record of every unit so exemptions, findings and churn can
/// refer back to them.
struct Inventory {
    /// One generated unit: enough to rebuild it (for churn) and to refer to its resources.
    struct Unit: Sendable {
        var workload: Workload?
        var subscription: Int
        var resourceGroup: Int
        var ordinal: Int
        var seed: UInt64
        /// Ids of the unit's rows, parent first; types alongside.
        var ids: [String]
        var types: [String]
    }

    let hierarchy: TenantHierarchy
    let options: GeneratorOptions
    private(set) var units: [Unit] = []
    private(set) var document = ResourceGraphDocument()

    init(hierarchy: TenantHierarchy, options: GeneratorOptions) {
        self.hierarchy = hierarchy
        self.options = options
        document = ResourceGraphDocument(capacity: options.resources * 1_800)
        generate()
    }

    /// The context for a unit; `variant` re-rolls its security settings only.
    func context(subscription s: Int, resourceGroup g: Int, ordinal: Int, seed: UInt64, variant: UInt64 = 0)
        -> UnitContext
    {
        let subscription = hierarchy.subscriptions[s]
        let group = subscription.resourceGroups[g]
        let rgId = "/subscriptions/\(subscription.subscriptionId)/resourceGroups/\(group.name)"
        let monitoring = subscription.resourceGroups[SubscriptionResources.monitoringGroupIndex].name
        return UnitContext(
            tenantId: hierarchy.tenantId, subscriptionId: subscription.subscriptionId, resourceGroup: group.name,
            location: group.location, environment: subscription.environment, hygiene: subscription.hygiene,
            resourceGroupTags: group.tags,
            workspaceId: SubscriptionResources.workspaceId(
                subscriptionId: subscription.subscriptionId, resourceGroup: monitoring),
            subnetId:
                "\(rgId)/providers/Microsoft.Network/virtualNetworks/vnet-\(group.name.dropFirst(3))/subnets/snet-app",
            suffix: StableID.suffix(SplitMix64.mix(seed ^ 0xA5A5), length: 6),
            shape: SplitMix64(seed: seed, stream: 1), posture: SplitMix64(seed: seed ^ variant, stream: 2))
    }

    /// The rows of a unit, rebuilt from its record with another posture (for churn).
    func rebuild(_ unit: Unit, variant: UInt64) -> [JSONValue] {
        var c = context(
            subscription: unit.subscription, resourceGroup: unit.resourceGroup, ordinal: unit.ordinal,
            seed: unit.seed, variant: variant)
        guard let workload = unit.workload else { return [] }
        return workload.rows(&c, ordinal: unit.ordinal)
    }

    /// A new unit that was not in the initial inventory (for churn's creations).
    mutating func makeUnit(ordinal: Int, rng: inout SplitMix64) -> (Unit, [JSONValue]) {
        let s = pickSubscription(&rng)
        let g = rng.below(hierarchy.subscriptions[s].resourceGroups.count)
        let workload = rng.pick(weighted: Workload.weighted)
        let seed = SplitMix64.mix(options.seed &+ UInt64(ordinal) &* 0x9E37_79B9)
        var c = context(subscription: s, resourceGroup: g, ordinal: ordinal, seed: seed)
        let rows = workload.rows(&c, ordinal: ordinal)
        return (record(workload, s, g, ordinal, seed, rows), rows)
    }

    private mutating func generate() {
        var rng = SplitMix64(seed: options.seed, stream: 2)
        var remaining = options.resources
        var ordinal = 0
        let fixedRows = hierarchy.subscriptions.reduce(0) { $0 + 13 + 2 * $1.resourceGroups.count }
        if fixedRows * 3 <= options.resources {
            for (s, subscription) in hierarchy.subscriptions.enumerated() {
                for g in subscription.resourceGroups.indices {
                    let seed = SplitMix64.mix(options.seed &+ UInt64(ordinal) &* 0x9E37_79B9)
                    var c = context(subscription: s, resourceGroup: g, ordinal: ordinal, seed: seed)
                    var rows = [
                        Networking.virtualNetwork(&c, index: g),
                        Networking.securityGroup(&c, name: Networking.defaultSecurityGroupName(c.resourceGroup)),
                    ]
                    if g == SubscriptionResources.monitoringGroupIndex { rows += SubscriptionResources.rows(&c) }
                    add(record(nil, s, g, ordinal, seed, rows), rows, &remaining)
                    ordinal += 1
                }
            }
        }
        while remaining > 0 {
            let s = pickSubscription(&rng)
            let g = rng.below(hierarchy.subscriptions[s].resourceGroups.count)
            var workload = rng.pick(weighted: Workload.weighted)
            let seed = SplitMix64.mix(options.seed &+ UInt64(ordinal) &* 0x9E37_79B9)
            var c = context(subscription: s, resourceGroup: g, ordinal: ordinal, seed: seed)
            var rows = workload.rows(&c, ordinal: ordinal)
            if rows.count > remaining {
                workload = Workload.singleRow[rng.below(Workload.singleRow.count)]
                c = context(subscription: s, resourceGroup: g, ordinal: ordinal, seed: seed)
                rows = workload.rows(&c, ordinal: ordinal)
            }
            add(record(workload, s, g, ordinal, seed, rows), rows, &remaining)
            ordinal += 1
        }
    }

    private mutating func add(_ unit: Unit, _ rows: [JSONValue], _ remaining: inout Int) {
        units.append(unit)
        for row in rows { document.append(row) }
        remaining -= rows.count
    }

    private func record(_ workload: Workload?, _ s: Int, _ g: Int, _ ordinal: Int, _ seed: UInt64, _ rows: [JSONValue])
        -> Unit
    {
        Unit(
            workload: workload, subscription: s, resourceGroup: g, ordinal: ordinal, seed: seed,
            ids: rows.map { $0["id"]?.stringValue ?? "" }, types: rows.map { $0["type"]?.stringValue ?? "" })
    }

    private lazy var cumulativeWeights: [Double] = {
        var total = 0.0
        return hierarchy.subscriptions.map {
            total += $0.weight; return total
        }
    }()

    private mutating func pickSubscription(_ rng: inout SplitMix64) -> Int {
        let weights = cumulativeWeights
        let x = rng.unit() * (weights.last ?? 1)
        var lo = 0
        var hi = weights.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if weights[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
