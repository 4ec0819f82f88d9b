public import JSONCore
public import PolicyModel

/// Compiles policy definitions into ``CompiledPolicy`` values: parameters substituted, aliases
/// resolved to paths, constant expressions folded, the effect and its details decided.
///
/// ```swift
/// let compiler = PolicyCompiler(aliases: table)
/// let policy = try compiler.compile(definitionJSON, parameters: ["effect": "Deny"])
/// let result = policy.evaluate(resource, related: related)
/// ```
public struct PolicyCompiler: Sendable {
    /// The alias table fields are resolved against.
    public let aliases: AliasTable

    /// What to do with a `field` that names an alias the table lacks.
    public let unknownAliases: UnknownAliasHandling

    /// What the compiler does with aliases missing from the table.
    public enum UnknownAliasHandling: Sendable {
        /// Fail with a ``PolicyCompileError`` of code `.unknownAlias` naming the alias (the default).
        case fail
        /// Compile, and evaluate every resource as not applicable: Azure's rule for invalid aliases
        /// in `if` ("policy applicability" docs). The aliases are listed in ``CompiledPolicy/unknownAliases``.
        case treatAsNotApplicable
    }

    public init(aliases: AliasTable, unknownAliases: UnknownAliasHandling = .fail) {
        self.aliases = aliases
        self.unknownAliases = unknownAliases
    }

    /// Compiles a definition (the whole `policyDefinitions` object or just its `properties`).
    ///
    /// - Parameters:
    ///   - definition: the definition JSON.
    ///   - parameters: the assignment's (or initiative reference's) resolved parameter values;
    ///     declarations' `defaultValue`s fill the rest.
    ///   - context: what `policy()` returns.
    ///   - effectOverride: the effect an assignment's `overrides` give this policy; it replaces the
    ///     rule's effect after being checked against the effect parameter's `allowedValues`.
    /// - Throws: ``PolicyCompileError``; code `.unsupportedMode` for resource-provider modes.
    public func compile(
        _ definition: JSONValue, parameters: [String: JSONValue] = [:], context: PolicyContext = PolicyContext(),
        effectOverride: String? = nil
    ) throws(PolicyCompileError) -> CompiledPolicy {
        var root = JSONPath.root
        var properties = definition
        if let inner = definition["properties"], inner.objectValue != nil, inner["policyRule"] != nil {
            properties = inner
            root = root + "properties"
        }
        guard properties.objectValue != nil else {
            throw PolicyCompileError(.invalidRule, at: root, "the definition is not a JSON object")
        }
        let modeText = properties["mode"]?.stringValue
        guard let mode = PolicyMode(name: modeText) else {
            throw PolicyCompileError(
                .unsupportedMode, at: root + "mode",
                "mode '\(modeText ?? "")' is a resource-provider mode; this engine evaluates only All and Indexed policies"
            )
        }
        let values = try ParameterValues.merge(
            declarations: properties["parameters"]?.objectValue, values: parameters, at: root + "parameters")
        let session = RuleCompiler(
            aliases: aliases, parameters: values, context: context,
            unknownAliases: unknownAliases == .fail ? nil : UnknownAliasLog())
        guard let rule = properties["policyRule"], rule.objectValue != nil else {
            throw PolicyCompileError(.invalidRule, at: root + "policyRule", "the definition has no policyRule object")
        }
        let rulePath = root + "policyRule"
        guard let ifJSON = rule["if"] else {
            throw PolicyCompileError(.invalidRule, at: rulePath, "the policy rule has no 'if' condition")
        }
        guard let then = rule["then"], then.objectValue != nil else {
            throw PolicyCompileError(.invalidRule, at: rulePath, "the policy rule has no 'then' block")
        }
        let condition = try session.compileCondition(ifJSON, at: rulePath + "if", scope: CompileScope())
        var effect = try session.compileEffect(then["effect"], at: rulePath + "then" + "effect")
        if let effectOverride {
            effect = try Self.overriddenEffect(
                effectOverride, ruleEffect: then["effect"], declarations: properties["parameters"]?.objectValue,
                at: rulePath + "then" + "effect")
        }
        let details = try session.compileDetails(then["details"], effect: effect, at: rulePath + "then" + "details")
        return CompiledPolicy(
            effect: effect, mode: mode, condition: condition, details: details,
            displayName: properties["displayName"]?.stringValue, unknownAliases: session.unknownAliases?.names ?? [])
    }

    /// An override's effect, checked as Azure checks it when the assignment is saved: a known effect
    /// and, when the rule's effect is `[parameters('x')]` with `allowedValues`, one of them.
    private static func overriddenEffect(
        _ text: String, ruleEffect: JSONValue?, declarations: JSONObject?, at path: JSONPath
    ) throws(PolicyCompileError) -> Effect {
        guard let effect = Effect(name: text) else {
            throw PolicyCompileError(
                .invalidEffect, at: path,
                "the assignment overrides the effect with '\(text)', which this engine does not evaluate")
        }
        if let expression = ruleEffect?.stringValue, let name = parameterName(in: expression),
            let declaration = declarations?.first(where: { $0.key.equalsIgnoringASCIICase(name) })?.value,
            let allowed = declaration["allowedValues"]?.arrayValue,
            !allowed.contains(where: { $0.stringValue?.equalsIgnoringASCIICase(text) ?? false })
        {
            throw PolicyCompileError(
                .invalidEffect, at: path,
                "the assignment overrides the effect with '\(text)', which parameter '\(name)' does not allow")
        }
        return effect
    }

    /// `x` of an expression that is exactly `[parameters('x')]`.
    private static func parameterName(in expression: String) -> String? {
        let compact = expression.filter { !$0.isWhitespace }
        let prefix = "[parameters('", suffix = "')]"
        guard compact.lowercased().hasPrefix(prefix), compact.hasSuffix(suffix),
            compact.count > prefix.count + suffix.count
        else { return nil }
        return String(compact.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
