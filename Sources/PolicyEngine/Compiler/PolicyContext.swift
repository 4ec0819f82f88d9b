import JSONCore

/// Who is evaluating: what `policy()` returns in a rule.
public struct PolicyContext: Sendable, Equatable {
    public var assignmentId: String
    public var definitionId: String
    public var setDefinitionId: String
    public var definitionReferenceId: String

    public init(
        assignmentId: String = "", definitionId: String = "", setDefinitionId: String = "",
        definitionReferenceId: String = ""
    ) {
        self.assignmentId = assignmentId
        self.definitionId = definitionId
        self.setDefinitionId = setDefinitionId
        self.definitionReferenceId = definitionReferenceId
    }

    /// The object `policy()` returns.
    var value: JSONValue {
        [
            "assignmentId": .string(assignmentId), "definitionId": .string(definitionId),
            "setDefinitionId": .string(setDefinitionId), "definitionReferenceId": .string(definitionReferenceId),
        ]
    }
}
