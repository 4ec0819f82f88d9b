import JSONCore

/// Everything loaded from a tenant directory, validated and indexed.
public struct Tenant: Sendable {
    public var managementGroups: [ManagementGroup]
    public var subscriptions: [Subscription]
    /// Resource groups, as resources (type `microsoft.resources/subscriptions/resourcegroups`).
    public var resourceGroups: [Resource]
    /// Resources of the `resources` table, child and extension resources included.
    public var resources: [Resource]
    public var policyDefinitions: [PolicyDefinition]
    public var policySetDefinitions: [PolicySetDefinition]
    public var assignments: [PolicyAssignment]
    public var exemptions: [PolicyExemption]
    public var aliases: AliasTable
    public var recommendations: [Recommendation]
    public var controls: [ControlDefinition]
    public var findings: [Finding]
    /// Teams responsible for resource types and recommendation categories (`owners.json`).
    public var ownership: Ownership = Ownership()
    /// Choices between documented readings (`settings.json`).
    public var settings: TenantSettings = TenantSettings()
    /// Where each definition, initiative and assignment was read (file and JSON path), when the
    /// tenant was loaded from files: what a problem found after loading points at.
    public var origins: [ResourceID: Diagnostic] = [:]

    private var definitionIndex: [ResourceID: Int] = [:]
    private var setIndex: [ResourceID: Int] = [:]
    private var assignmentIndex: [ResourceID: Int] = [:]
    /// Lower-cased management-group names above each lower-cased subscription id, nearest first.
    private var managementGroupChain: [String: [String]] = [:]
    /// The ids of the management groups in `managementGroupChain`, built once for `scopes(containing:)`.
    private var managementGroupScopeChain: [String: [ResourceID]] = [:]
    /// Lower-cased parent management-group name of each lower-cased management-group name.
    private var managementGroupParent: [String: String] = [:]

    public init(
        managementGroups: [ManagementGroup] = [], subscriptions: [Subscription] = [], resourceGroups: [Resource] = [],
        resources: [Resource] = [], policyDefinitions: [PolicyDefinition] = [],
        policySetDefinitions: [PolicySetDefinition] = [], assignments: [PolicyAssignment] = [],
        exemptions: [PolicyExemption] = [], aliases: AliasTable = AliasTable(), recommendations: [Recommendation] = [],
        controls: [ControlDefinition] = [], findings: [Finding] = []
    ) {
        self.managementGroups = managementGroups
        self.subscriptions = subscriptions
        self.resourceGroups = resourceGroups
        self.resources = resources
        self.policyDefinitions = policyDefinitions
        self.policySetDefinitions = policySetDefinitions
        self.assignments = assignments
        self.exemptions = exemptions
        self.aliases = aliases
        self.recommendations = recommendations
        self.controls = controls
        self.findings = findings
        reindex()
    }

    /// Rebuilds the lookup tables; call after changing the arrays.
    public mutating func reindex() {
        definitionIndex = Dictionary(policyDefinitions.indices.map { (policyDefinitions[$0].id, $0) }) { a, _ in a }
        setIndex = Dictionary(policySetDefinitions.indices.map { (policySetDefinitions[$0].id, $0) }) { a, _ in a }
        assignmentIndex = Dictionary(assignments.indices.map { (assignments[$0].id, $0) }) { a, _ in a }
        managementGroupParent = [:]
        for group in managementGroups {
            if let parent = group.parentId?.managementGroup {
                managementGroupParent[group.name.lowercased()] = parent.lowercased()
            }
        }
        managementGroupChain = [:]
        for subscription in subscriptions {
            var chain = subscription.managementGroupAncestors.map { $0.lowercased() }
            // Complete a partial chain from the parent links.
            while let last = chain.last, let parent = managementGroupParent[last], !chain.contains(parent) {
                chain.append(parent)
            }
            managementGroupChain[subscription.subscriptionId.lowercased()] = chain
        }
        managementGroupScopeChain = managementGroupChain.mapValues { $0.map(Self.managementGroupScope) }
    }

    /// The policy definition with this id.
    public func policyDefinition(_ id: ResourceID) -> PolicyDefinition? {
        definitionIndex[id].map { policyDefinitions[$0] }
    }

    /// The policy set definition with this id.
    public func policySetDefinition(_ id: ResourceID) -> PolicySetDefinition? {
        setIndex[id].map { policySetDefinitions[$0] }
    }

    /// The assignment with this id.
    public func assignment(_ id: ResourceID) -> PolicyAssignment? {
        assignmentIndex[id].map { assignments[$0] }
    }

    /// Whether `id` is `scope` or lies below it, management groups included.
    public func isUnder(_ id: ResourceID, _ scope: ResourceID) -> Bool {
        if id.isAtOrUnder(scope) { return true }
        guard let group = scope.managementGroup?.lowercased() else { return false }
        if let subscription = id.subscriptionId?.lowercased() {
            return managementGroupChain[subscription]?.contains(group) ?? false
        }
        var current = id.managementGroup?.lowercased()
        var steps = 0
        while let name = current, steps < 64 {
            if name == group { return true }
            current = managementGroupParent[name]
            steps += 1
        }
        return false
    }

    /// Every scope that contains `id`, nearest first: the id itself, its parent resources, its
    /// resource group, its subscription, the management groups above, and the root `/`.
    public func scopes(containing id: ResourceID) -> [ResourceID] {
        var scopes: [ResourceID] = []
        var current: ResourceID? = id
        var steps = 0
        while let scope = current, steps < 32 {
            scopes.append(scope)
            current = scope.parent
            steps += 1
        }
        var group: String? = id.managementGroup?.lowercased()
        if let subscription = id.subscriptionId {
            scopes += managementGroupScopeChain[subscription.lowercased()] ?? []
            group = nil
        } else if let name = group {
            group = managementGroupParent[name]
        }
        while let name = group, steps < 64 {
            scopes.append(Self.managementGroupScope(name))
            group = managementGroupParent[name]
            steps += 1
        }
        scopes.append(ResourceID("/"))
        return scopes
    }

    /// The id of the management group with this (lower-cased) name.
    private static func managementGroupScope(_ name: String) -> ResourceID {
        ResourceID("/providers/Microsoft.Management/managementGroups/" + name)
    }

    /// Management-group names above a subscription, nearest first.
    public func managementGroupAncestors(ofSubscription subscriptionId: String) -> [String] {
        managementGroupChain[subscriptionId.lowercased()] ?? []
    }
}
