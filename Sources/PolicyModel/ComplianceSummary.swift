/// Azure Policy's aggregate compliance over a set of policy states (a scope, an initiative, a group
/// or a policy): each distinct resource rolled up to its strongest state, and the compliance
/// percentage over those resources.
///
/// Rules from "Azure Policy compliance states"
/// (https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states):
/// the roll-up rank is ``ComplianceState``'s order; the percentage is
/// (Compliant + Exempt + Unknown) / (Compliant + Exempt + Unknown + NonCompliant + Conflict + Error)
/// over distinct resources; Protected resources are in neither.
public struct ComplianceSummary: Sendable, Equatable {
    /// Each resource's rolled-up state, by lower-cased resource id.
    public let resources: [String: ComplianceState]

    /// Rolls the states up per distinct resource.
    public init(states: some Sequence<PolicyState>) {
        var resources: [String: ComplianceState] = [:]
        for state in states {
            let key = state.resourceId.key
            if let current = resources[key], current <= state.complianceState { continue }
            resources[key] = state.complianceState
        }
        self.resources = resources
    }

    /// How many distinct resources rolled up to `state`.
    public func count(_ state: ComplianceState) -> Int {
        resources.values.reduce(0) { $0 + ($1 == state ? 1 : 0) }
    }

    /// Resources on the good side: Compliant, Exempt and Unknown.
    public var compliantResources: Int { resources.values.reduce(0) { $0 + ($1.countsAsCompliant ? 1 : 0) } }

    /// The denominator: every rolled-up resource except Protected ones.
    public var totalResources: Int { resources.values.reduce(0) { $0 + ($1.countsInCompliancePercentage ? 1 : 0) } }

    /// The compliance percentage as a 0–1 ratio; nil when no resource counts.
    public var ratio: Double? {
        let total = totalResources
        return total > 0 ? Double(compliantResources) / Double(total) : nil
    }
}
