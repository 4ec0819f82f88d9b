import Foundation
import JSONCore

/// Compliance of one (resource, assignment, policy) triple, as Azure Policy reports it.
public enum ComplianceState: String, Sendable, Hashable, CaseInsensitiveName, Comparable {
    case nonCompliant = "NonCompliant"
    case error = "Error"
    case compliant = "Compliant"
    case conflict = "Conflict"
    case exempt = "Exempt"
    case unknown = "Unknown"

    /// Roll-up rank, strongest first: NonCompliant > Error > Compliant > Conflict > Exempt > Unknown
    /// (Azure's documented order, with Error, an implicit deny, ranked next to NonCompliant).
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

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
