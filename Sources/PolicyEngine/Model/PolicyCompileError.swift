public import JSONCore

/// Why a policy definition could not be compiled, where in the definition, and what to do.
public struct PolicyCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, for counting and for tests.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// `mode` is a resource-provider mode (`Microsoft.KeyVault.Data`, ...) this engine does not evaluate.
        case unsupportedMode
        /// A `field` names an alias that the alias table does not have.
        case unknownAlias
        /// `parameters('x')` names a parameter with neither a value nor a default.
        case missingParameter
        /// The rule's JSON does not have the shape of a policy rule.
        case invalidRule
        /// An `[expression]` could not be parsed.
        case invalidExpression
        /// An expression calls a function this engine does not implement or Azure Policy forbids.
        case unsupportedFunction
        /// The effect is not one of Azure's effects.
        case invalidEffect
        /// A limit in ``EngineLimits`` was crossed.
        case limitExceeded
    }

    public var code: Code
    /// Where in the definition (`$.properties.policyRule.if.allOf[2].field`).
    public var path: JSONPath
    /// A sentence saying what is wrong and what to do about it.
    public var message: String

    public init(_ code: Code, at path: JSONPath, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(message) (at \(path))" }
}
