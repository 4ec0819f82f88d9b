import Foundation
import JSONCore
import PolicyModel

/// The containers of a generated tenant: management groups, subscriptions and resource
/// groups, with the traits resources inherit from them (location, environment, hygiene).
struct TenantHierarchy: Sendable {
    struct SubscriptionPlan: Sendable {
        var subscriptionId: String
        var displayName: String
        var group: Int
        var environment: String
        var hygiene: Double
        /// Share of the tenant's resources, relative to the other subscriptions.
        var weight: Double
        var resourceGroups: [ResourceGroupPlan] = []
    }

    struct ResourceGroupPlan: Sendable {
        var name: String
        var location: String
        var application: String
        var tags: JSONValue
    }

    static let locations = [
        ("westeurope", 30.0), ("northeurope", 20.0), ("eastus", 18.0), ("eastus2", 10.0), ("uksouth", 8.0),
        ("germanywestcentral", 6.0), ("swedencentral", 4.0), ("westus3", 4.0),
    ]
    static let applications = [
        "payments", "crm", "billing", "hr", "portal", "analytics", "search", "orders", "inventory", "identity",
        "shipping",
        "reporting", "mobile", "catalog", "pricing", "ledger", "loyalty", "support", "chat", "media", "iot", "ml",
        "data", "api", "web",
    ]
    static let costCenters = ["CC-1001", "CC-1002", "CC-2040", "CC-3100", "CC-4200", "CC-5150"]
    static let owners = ["team-platform", "team-payments", "team-data", "team-web", "team-sre", "team-security"]

    let tenantId: String
    let groups: ManagementGroupPlan
    var subscriptions: [SubscriptionPlan]

    init(options: GeneratorOptions) {
        var rng = SplitMix64(seed: options.seed, stream: 1)
        tenantId = StableID.guid("tenant", seed: options.seed)
        groups = ManagementGroupPlan(tenantId: tenantId)
        let m = options.subscriptions
        var plans: [SubscriptionPlan] = []
        let platformCount = m >= 6 ? groups.platformPlacements.count : 0
        for i in 0..<m {
            let placement =
                i < platformCount
                ? groups.platformPlacements[i] : rng.pick(weighted: groups.workloadPlacements.map { ($0, $0.weight) })
            let app = Self.applications[i % Self.applications.count]
            let name =
                i < platformCount
                ? "sub-platform-\(placement.environment)" : "sub-\(app)-\(placement.environment)-\(String(format3: i))"
            // A skewed size: a few subscriptions hold much of the estate, as in real tenants.
            let skew = (rng.unit() + rng.unit() + rng.unit() - 1.5) * 1.6
            plans.append(
                SubscriptionPlan(
                    subscriptionId: StableID.guid("subscription/\(i)", seed: options.seed), displayName: name,
                    group: placement.group,
                    environment: placement.environment, hygiene: placement.hygiene,
                    weight: (i < platformCount ? 0.3 : 1) * exp(skew)))
        }
        let totalWeight = plans.reduce(0) { $0 + $1.weight }
        for i in plans.indices {
            let share = Double(options.resources) * plans[i].weight / totalWeight
            let count = max(1, min(980, Int((share / 25).rounded())))
            let primary = rng.pick(weighted: Self.locations)
            for g in 0..<count {
                let app = rng.pick(Self.applications)
                let location = rng.chance(0.8) ? primary : rng.pick(weighted: Self.locations)
                var tags: [(String, JSONValue?)] = [("environment", .string(plans[i].environment))]
                if rng.chance(plans[i].hygiene) { tags.append(("costCenter", .string(rng.pick(Self.costCenters)))) }
                if rng.chance(plans[i].hygiene) { tags.append(("owner", .string(rng.pick(Self.owners)))) }
                tags.append(("application", .string(app)))
                plans[i].resourceGroups.append(
                    ResourceGroupPlan(
                        name: "rg-\(app)-\(plans[i].environment)-\(String(format3: g))", location: location,
                        application: app,
                        tags: .object(tags)))
            }
        }
        subscriptions = plans
    }

    /// Rows for `resourcecontainers.json`: management groups, subscriptions, resource groups.
    func containerRows() -> [JSONValue] {
        var rows: [JSONValue] = []
        for (i, group) in groups.groups.enumerated() {
            var details: [(String, JSONValue?)] = [
                ("updatedBy", "00000000-0000-0000-0000-000000000000"),
                ("updatedTime", "2024-03-12T09:41:07.1234567Z"), ("version", 3),
            ]
            if let p = group.parent {
                let parent = groups.groups[p]
                details.insert(
                    (
                        "parent",
                        .object([
                            ("displayName", .string(parent.displayName)),
                            ("id", .string(Self.managementGroupId(parent.name))), ("name", .string(parent.name)),
                        ])
                    ), at: 0)
            } else {
                details.insert(("parent", .null), at: 0)
            }
            var row = ARGRow(
                id: Self.managementGroupId(group.name), name: group.name, type: "microsoft.management/managementgroups",
                tenantId: tenantId)
            row.properties = .object([
                ("displayName", .string(group.displayName)), ("details", .object(details)),
                ("managementGroupAncestorsChain", .array(groups.chain(from: i).dropFirst().map(Self.chainEntry))),
            ])
            rows.append(row.json)
        }
        for s in subscriptions {
            var row = ARGRow(
                id: "/subscriptions/\(s.subscriptionId)", name: s.displayName,
                type: "microsoft.resources/subscriptions",
                tenantId: tenantId)
            row.subscriptionId = s.subscriptionId
            row.properties = .object([
                (
                    "subscriptionPolicies",
                    .object([
                        ("locationPlacementId", "Public_2014-09-01"),
                        ("quotaId", "EnterpriseAgreement_2014-09-01"), ("spendingLimit", "Off"),
                    ])
                ),
                ("state", "Enabled"),
                ("managementGroupAncestorsChain", .array(groups.chain(from: s.group).map(Self.chainEntry))),
            ])
            row.tags = .object([("environment", .string(s.environment))])
            rows.append(row.json)
        }
        for s in subscriptions {
            for g in s.resourceGroups {
                var row = ARGRow(
                    id: "/subscriptions/\(s.subscriptionId)/resourceGroups/\(g.name)", name: g.name,
                    type: "microsoft.resources/subscriptions/resourcegroups", tenantId: tenantId)
                row.location = g.location
                row.resourceGroup = g.name
                row.subscriptionId = s.subscriptionId
                row.properties = .object([("provisioningState", "Succeeded")])
                row.tags = g.tags
                rows.append(row.json)
            }
        }
        return rows
    }

    static func managementGroupId(_ name: String) -> String {
        "/providers/Microsoft.Management/managementGroups/\(name)"
    }

    var rootGroupId: String { Self.managementGroupId(tenantId) }

    private static func chainEntry(_ group: ManagementGroupPlan.Group) -> JSONValue {
        .object([("displayName", .string(group.displayName)), ("name", .string(group.name))])
    }
}

extension String {
    /// A number zero-padded to three digits (`007`), without Foundation's formatting.
    init(format3 value: Int) {
        let digits = String(value)
        self = digits.count >= 3 ? digits : String(repeating: "0", count: 3 - digits.count) + digits
    }
}
