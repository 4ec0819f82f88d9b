import JSONCore
import PolicyModel

extension RuleCompiler {
    /// The effect after parameters are substituted (`[parameters('effect')]` is the norm).
    func compileEffect(_ json: JSONValue?, at path: JSONPath) throws(PolicyCompileError) -> Effect {
        guard let json else { throw PolicyCompileError(.invalidEffect, at: path, "the rule's 'then' has no effect") }
        let text = try constantString(json, at: path, scope: CompileScope(), what: "the effect")
        guard let effect = Effect(name: text) else {
            throw PolicyCompileError(
                .invalidEffect, at: path,
                "'\(text)' is not an Azure Policy effect (audit, deny, auditIfNotExists, deployIfNotExists, modify, append, disabled, manual, denyAction)"
            )
        }
        return effect
    }

    /// `then.details` for AuditIfNotExists/DeployIfNotExists (related resources) and Manual (default state).
    func compileDetails(_ json: JSONValue?, effect: Effect, at path: JSONPath) throws(PolicyCompileError)
        -> EffectDetails?
    {
        switch effect {
        case .manual:
            var state = ComplianceState.unknown
            if let stateJSON = json?["defaultState"] {
                let text = try constantString(
                    stateJSON, at: path + "defaultState", scope: CompileScope(), what: "defaultState")
                guard let parsed = ComplianceState(name: text), parsed != .error else {
                    throw PolicyCompileError(
                        .invalidRule, at: path + "defaultState",
                        "defaultState '\(text)' must be Compliant, NonCompliant or Unknown")
                }
                state = parsed
            }
            return EffectDetails(defaultState: state)
        case .auditIfNotExists, .deployIfNotExists:
            guard let json, json.objectValue != nil else {
                throw PolicyCompileError(
                    .invalidRule, at: path, "\(effect.rawValue) needs 'details' with the related resource type")
            }
            guard let typeJSON = json["type"] else {
                throw PolicyCompileError(
                    .invalidRule, at: path + "type", "\(effect.rawValue) details need 'type', the related resource type"
                )
            }
            let type = try constantString(typeJSON, at: path + "type", scope: CompileScope(), what: "details.type")
            var scopeValue = ExistenceScope.resourceGroup
            if let scopeJSON = json["existenceScope"] {
                let text = try constantString(
                    scopeJSON, at: path + "existenceScope", scope: CompileScope(), what: "existenceScope")
                if text.equalsIgnoringASCIICase("subscription") {
                    scopeValue = .subscription
                } else if !text.equalsIgnoringASCIICase("resourceGroup") {
                    throw PolicyCompileError(
                        .invalidRule, at: path + "existenceScope",
                        "existenceScope '\(text)' must be ResourceGroup or Subscription")
                }
            }
            let name = try json["name"].map { (v) throws(PolicyCompileError) in
                try lowerJSON(v, at: path + "name", scope: CompileScope())
            }
            let group = try json["resourceGroupName"].map { (v) throws(PolicyCompileError) in
                try lowerJSON(v, at: path + "resourceGroupName", scope: CompileScope())
            }
            var delay = EvaluationDelay.standard
            if let delayJSON = json["evaluationDelay"] {
                let text = try constantString(
                    delayJSON, at: path + "evaluationDelay", scope: CompileScope(), what: "evaluationDelay")
                guard let parsed = EvaluationDelay(text: text) else {
                    throw PolicyCompileError(
                        .invalidRule, at: path + "evaluationDelay",
                        "evaluationDelay '\(text.prefix(64))' must be AfterProvisioning, AfterProvisioningSuccess, "
                            + "AfterProvisioningFailure or an ISO 8601 duration between PT0M and PT360M")
                }
                delay = parsed
            }
            var existence: Condition?
            if let conditionJSON = json["existenceCondition"] {
                var scope = CompileScope()
                scope.relatedType = type
                existence = try compileCondition(conditionJSON, at: path + "existenceCondition", scope: scope)
            }
            return EffectDetails(
                relatedType: type, name: name, resourceGroupName: group, existenceScope: scopeValue,
                existenceCondition: existence, evaluationDelay: delay)
        default:
            return nil
        }
    }
}
