/// The management-group tree every generated tenant gets: the Cloud Adoption Framework's
/// "enterprise-scale" layout (platform, landing zones, sandbox, decommissioned).
struct ManagementGroupPlan: Sendable {
    struct Group: Sendable {
        var name: String
        var displayName: String
        /// Index of the parent in `groups`; nil for the tenant root group.
        var parent: Int?
    }

    /// Where subscriptions may be placed, with how well-kept their resources are.
    struct Placement: Sendable {
        var group: Int
        var environment: String
        /// The probability that any one security setting of a resource is compliant.
        var hygiene: Double
        var weight: Double
    }

    let groups: [Group]
    let platformPlacements: [Placement]
    let workloadPlacements: [Placement]

    init(tenantId: String) {
        groups = [
            Group(name: tenantId, displayName: "Tenant Root Group", parent: nil),
            Group(name: "contoso", displayName: "Contoso", parent: 0),
            Group(name: "contoso-platform", displayName: "Platform", parent: 1),
            Group(name: "contoso-identity", displayName: "Identity", parent: 2),
            Group(name: "contoso-management", displayName: "Management", parent: 2),
            Group(name: "contoso-connectivity", displayName: "Connectivity", parent: 2),
            Group(name: "contoso-landingzones", displayName: "Landing Zones", parent: 1),
            Group(name: "contoso-corp", displayName: "Corp", parent: 6),
            Group(name: "contoso-online", displayName: "Online", parent: 6),
            Group(name: "contoso-sandbox", displayName: "Sandbox", parent: 1),
            Group(name: "contoso-decommissioned", displayName: "Decommissioned", parent: 1),
        ]
        platformPlacements = [
            Placement(group: 3, environment: "identity", hygiene: 0.92, weight: 1),
            Placement(group: 4, environment: "management", hygiene: 0.9, weight: 1),
            Placement(group: 5, environment: "connectivity", hygiene: 0.9, weight: 1),
        ]
        workloadPlacements = [
            Placement(group: 7, environment: "prod", hygiene: 0.85, weight: 40),
            Placement(group: 8, environment: "prod", hygiene: 0.78, weight: 25),
            Placement(group: 7, environment: "dev", hygiene: 0.65, weight: 15),
            Placement(group: 9, environment: "sandbox", hygiene: 0.5, weight: 15),
            Placement(group: 10, environment: "retired", hygiene: 0.45, weight: 5),
        ]
    }

    /// The ancestors of a group, nearest first, the group itself included.
    func chain(from index: Int) -> [Group] {
        var out: [Group] = []
        var current: Int? = index
        while let i = current {
            out.append(groups[i])
            current = groups[i].parent
        }
        return out
    }
}
