package import JSONCore
import PolicyModel

/// Resolves the parameters an initiative passes to one of its policies.
package enum SetParameterResolver {
    /// The values of a policy reference's `parameters` (`{"effect": {"value": "[parameters('effect')]"}}`),
    /// with the set's expressions evaluated against the set's own parameter values.
    ///
    /// - Parameters:
    ///   - reference: the reference's `parameters` object.
    ///   - setDeclarations: the set definition's `parameters` declarations (for defaults).
    ///   - setValues: the assignment's values for the set's parameters.
    package static func resolve(
        reference: JSONObject?, setDeclarations: JSONObject? = nil, setValues: [String: JSONValue]
    ) throws(PolicyCompileError) -> [String: JSONValue] {
        try resolve(
            reference: reference, setParameters: setParameters(declarations: setDeclarations, values: setValues))
    }

    /// The set's own parameter values: the assignment's values over the declared defaults. The same
    /// for every policy of the set, so a tenant works them out once per assignment.
    package static func setParameters(declarations: JSONObject?, values: [String: JSONValue]) throws(PolicyCompileError)
        -> JSONObject
    {
        try ParameterValues.merge(declarations: declarations, values: values, at: .root + "parameters")
    }

    /// `resolve(reference:setDeclarations:setValues:)` with the set's values already worked out
    /// by `setParameters(declarations:values:)`.
    package static func resolve(reference: JSONObject?, setParameters values: JSONObject) throws(PolicyCompileError)
        -> [String: JSONValue]
    {
        let compiler = RuleCompiler(aliases: AliasTable(), parameters: values, context: PolicyContext())
        var out: [String: JSONValue] = [:]
        for member in reference ?? JSONObject() {
            let path = JSONPath.root + "parameters" + member.key
            let raw = member.value["value"] ?? member.value
            let expression = try compiler.lowerJSON(raw, at: path + "value", scope: CompileScope())
            guard let value = expression.literalValue else {
                throw PolicyCompileError(
                    .invalidExpression, at: path,
                    "the value of '\(member.key)' depends on the resource; a set may only pass values built from its parameters"
                )
            }
            out[member.key] = value
        }
        return out
    }
}
