public import Foundation
import JSONCore

/// Compliance of one (resource, assignment, policy) triple, as Azure Policy reports it.
///
/// The cases are in Azure's roll-up rank, strongest first ("Azure Policy compliance states",
/// https://learn.microsoft.com/azure/governance/policy/concepts/compliance-states, "Comparing
/// different compliance states"): NonCompliant > Compliant > Error > Conflict > Protected > Exempt
/// > Unknown. Not started and Not registered are portal states, never rolled up, and not modelled.
public enum ComplianceState: String, Sendable, Hashable, CaseInsensitiveName, Comparable {
    case nonCompliant = "NonCompliant"
    case compliant = "Compliant"
    case error = "Error"
    case conflict = "Conflict"
    /// The resource is covered by an assignment with a `denyAction` effect.
    case protected = "Protected"
    case exempt = "Exempt"
    case unknown = "Unknown"

    /// Roll-up rank, 0 the strongest (the declaration order).
    public var rank: Int {
        switch self {
        case .nonCompliant: 0
        case .compliant: 1
        case .error: 2
        case .conflict: 3
        case .protected: 4
        case .exempt: 5
        case .unknown: 6
        }
    }

    /// Whether the compliance percentage counts the state: every state but Protected.
    public var countsInCompliancePercentage: Bool { self != .protected }

    /// Whether the state is on the good side of the compliance percentage (Compliant, Exempt, Unknown).
    public var countsAsCompliant: Bool { self == .compliant || self == .exempt || self == .unknown }

    public static func < (lhs: ComplianceState, rhs: ComplianceState) -> Bool { lhs.rank < rhs.rank }
}

/// One row of `Microsoft.PolicyInsights/policyStates`: the result of evaluating one
/// policy of one assignment against one resource at one instant.
public struct PolicyState: Sendable, Hashable {
    /// When the evaluation happened.
    public var timestamp: Date
    public var resourceId: ResourceID
    public var policyAssignmentId: ResourceID
    public var policyDefinitionId: ResourceID
    /// The policy's reference id inside the assigned initiative; nil for a single-policy assignment.
    public var policyDefinitionReferenceId: String?
    /// The assigned initiative; nil for a single-policy assignment.
    public var policySetDefinitionId: ResourceID?
    public var complianceState: ComplianceState
    /// The effect the policy resolved to (`policyDefinitionAction`), lower-cased as Azure reports it.
    public var policyDefinitionAction: String
    public var subscriptionId: String
    public var resourceType: String
    public var resourceLocation: String?
    public var resourceGroup: String?
    public var policyDefinitionGroupNames: [String]
    /// The exemption behind an `Exempt` state, and its category.
    public var exemption: ExemptionReference?

    /// The exemption that made a state `Exempt`.
    public struct ExemptionReference: Sendable, Hashable {
        public var id: ResourceID
        public var category: PolicyExemption.Category

        public init(id: ResourceID, category: PolicyExemption.Category) {
            self.id = id
            self.category = category
        }
    }

    public init(
        timestamp: Date, resourceId: ResourceID, policyAssignmentId: ResourceID, policyDefinitionId: ResourceID,
        policyDefinitionReferenceId: String?, policySetDefinitionId: ResourceID?, complianceState: ComplianceState,
        policyDefinitionAction: String, subscriptionId: String, resourceType: String, resourceLocation: String?,
        resourceGroup: String?, policyDefinitionGroupNames: [String] = [], exemption: ExemptionReference? = nil
    ) {
        self.timestamp = timestamp
        self.resourceId = resourceId
        self.policyAssignmentId = policyAssignmentId
        self.policyDefinitionId = policyDefinitionId
        self.policyDefinitionReferenceId = policyDefinitionReferenceId
        self.policySetDefinitionId = policySetDefinitionId
        self.complianceState = complianceState
        self.policyDefinitionAction = policyDefinitionAction
        self.subscriptionId = subscriptionId
        self.resourceType = resourceType
        self.resourceLocation = resourceLocation
        self.resourceGroup = resourceGroup
        self.policyDefinitionGroupNames = policyDefinitionGroupNames
        self.exemption = exemption
    }
}
