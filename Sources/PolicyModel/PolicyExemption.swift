public import Foundation
public import JSONCore

/// A policy exemption (`Microsoft.Authorization/policyExemptions`): a child of the scope it
/// covers, exempting that scope and everything below from an assignment, or from some of the
/// assignment's policies. Expired exemptions are kept for the record but no longer honoured.
public struct PolicyExemption: Sendable, Equatable {
    /// Why a resource is exempt.
    public enum Category: String, Sendable, Equatable {
        /// The risk is accepted: Defender leaves the resource out of the score.
        case waiver = "Waiver"
        /// The intent is met by other means: Defender counts the resource healthy.
        case mitigated = "Mitigated"
    }

    /// Whether the exemption must lie at or under its assignment's scope.
    public enum ScopeValidation: String, Sendable, Equatable {
        case `default` = "Default"
        case doNotValidate = "DoNotValidate"
    }

    public var id: ResourceID
    public var name: String
    /// The scope covered: the id the exemption is a child of.
    public var scope: ResourceID
    public var displayName: String?
    public var description: String?
    public var metadata: JSONValue?
    public var policyAssignmentId: ResourceID
    /// Empty means the whole assignment.
    public var policyDefinitionReferenceIds: [String]
    public var category: Category
    public var expiresOn: Date?
    public var resourceSelectors: [ResourceSelector]
    public var assignmentScopeValidation: ScopeValidation
    public var json: JSONValue

    /// Azure's limits on the descriptive fields.
    public static let maxDisplayNameLength = 128
    public static let maxDescriptionLength = 512

    /// Whether the exemption is honoured at `instant` (not yet expired).
    public func isActive(at instant: Date) -> Bool {
        guard let expiresOn else { return true }
        return instant < expiresOn
    }

    /// Whether the exemption applies to this reference id of its assignment.
    public func covers(referenceId: String?) -> Bool {
        guard !policyDefinitionReferenceIds.isEmpty else { return true }
        guard let referenceId else { return false }
        return policyDefinitionReferenceIds.contains { $0.equalsIgnoringASCIICase(referenceId) }
    }

    static func decode(_ node: JSONNode) -> PolicyExemption? {
        guard node.object() != nil else { return nil }
        let properties = node["properties"]
        guard let id = node["id"].string(), properties.object() != nil else { return nil }
        let exemptionId = ResourceID(id)
        let displayName = properties["displayName"].optionalString()
        if let displayName, displayName.count > maxDisplayNameLength {
            properties["displayName"].report(
                "displayName is \(displayName.count) characters; Azure allows at most \(maxDisplayNameLength)")
        }
        let description = properties["description"].optionalString()
        if let description, description.count > maxDescriptionLength {
            properties["description"].report(
                "description is \(description.count) characters; Azure allows at most \(maxDescriptionLength)")
        }
        let assignmentNode = properties["policyAssignmentId"]
        var assignmentId: String?
        if case .array? = assignmentNode.value {
            assignmentNode.report(
                "policyAssignmentId must be one string, not an array: an exemption names one assignment")
        } else {
            assignmentId = assignmentNode.string()
        }
        let referenceIds = decodeReferenceIds(properties)
        let category = decodeCategory(properties["exemptionCategory"])
        var expiresOn: Date?
        if let text = properties["expiresOn"].optionalString() {
            expiresOn = ISO8601.parse(text)
            if expiresOn == nil {
                properties["expiresOn"].report(
                    "expiresOn '\(text.prefix(64))' is not an ISO 8601 date-time (e.g. 2026-12-31T23:59:00Z)")
            }
        }
        var validation = ScopeValidation.default
        if let text = properties["assignmentScopeValidation"].optionalString() {
            if text.equalsIgnoringASCIICase("DoNotValidate") {
                validation = .doNotValidate
            } else if !text.equalsIgnoringASCIICase("Default") {
                properties["assignmentScopeValidation"].report(
                    "assignmentScopeValidation must be Default or DoNotValidate, found '\(text.prefix(64))'")
            }
        }
        let selectors = ResourceSelector.decodeAll(properties["resourceSelectors"])
        guard let assignmentId, let category else { return nil }
        return PolicyExemption(
            id: exemptionId, name: node["name"].optionalString() ?? exemptionId.name, scope: exemptionId.scopeOfChild,
            displayName: displayName, description: description, metadata: properties["metadata"].value,
            policyAssignmentId: ResourceID(assignmentId), policyDefinitionReferenceIds: referenceIds,
            category: category, expiresOn: expiresOn, resourceSelectors: selectors,
            assignmentScopeValidation: validation, json: node.value ?? .null)
    }

    /// Both spellings: `policyDefinitionReferenceIds` (the API) and `policyDefinitionReferenceId`
    /// with an array value (seen in Microsoft's localized docs).
    private static func decodeReferenceIds(_ properties: JSONNode) -> [String] {
        let plural = properties["policyDefinitionReferenceIds"]
        let singular = properties["policyDefinitionReferenceId"]
        if !plural.isAbsent && !singular.isAbsent {
            singular.report("give policyDefinitionReferenceIds or policyDefinitionReferenceId, not both")
        }
        let node = plural.isAbsent ? singular : plural
        if case .string(let s)? = node.value { return [s] }
        return node.stringArray()
    }

    private static func decodeCategory(_ node: JSONNode) -> Category? {
        guard let text = node.string() else { return nil }
        if text.equalsIgnoringASCIICase("waiver") { return .waiver }
        if text.equalsIgnoringASCIICase("mitigated") { return .mitigated }
        node.report("exemptionCategory must be Waiver or Mitigated, found '\(text.prefix(64))'")
        return nil
    }
}
