import JSONCore
import PolicyEngine
import PolicyModel

/// The checks `posture evaluate` makes on its inputs before it compiles: parameter values against
/// the definition's declarations, and a message that says so when the rule needs an alias table
/// that was not given.
enum EvaluateInput {
    /// The definition's `properties` (or the document itself when it is already the properties).
    static func properties(of definition: JSONValue) -> (JSONValue, JSONPath) {
        if let inner = definition["properties"], inner.objectValue != nil, inner["policyRule"] != nil {
            return (inner, .root + "properties")
        }
        return (definition, .root)
    }

    /// Refuses (exit 2) a value whose name the definition does not declare, whose type is not the
    /// declared one, or which is outside `allowedValues`: one line per problem, naming the parameter.
    static func checkParameters(_ values: [String: JSONValue], definition: JSONValue, file: String) throws {
        let declared = properties(of: definition).0["parameters"]?.objectValue ?? JSONObject()
        var diagnostics: [Diagnostic] = []
        for name in values.keys.sorted() {
            guard let value = values[name] else { continue }
            guard let declaration = declared.first(where: { $0.key.equalsIgnoringASCIICase(name) }) else {
                let names = declared.map(\.key)
                diagnostics.append(
                    Diagnostic(
                        file: file, path: .root + name,
                        message: "parameter '\(name)' is not declared by the definition "
                            + (names.isEmpty ? "(it declares none)" : "(it declares \(names.joined(separator: ", ")))"))
                )
                continue
            }
            let definition = ParameterDefinition(
                name: declaration.key, type: declaration.value["type"]?.stringValue,
                defaultValue: declaration.value["defaultValue"],
                allowedValues: declaration.value["allowedValues"]?.arrayValue)
            if let problem = definition.problem(with: value) {
                diagnostics.append(Diagnostic(file: file, path: .root + name, message: problem))
            }
        }
        if !diagnostics.isEmpty { throw CommandError(InputError(diagnostics)) }
    }

    /// The compile error as a diagnostic line; an unknown alias without `--aliases` says that no
    /// alias table was given, since that, not the alias, is then the likely cause.
    static func diagnostic(_ error: PolicyCompileError, file: String, aliasesGiven: Bool) -> Diagnostic {
        var message = error.message
        if error.code == .unknownAlias, !aliasesGiven {
            message =
                "the rule reads an alias, and no alias table was given: pass --aliases FILE "
                + "(alias,defaultPath CSV, optionally .gz, or `az provider list --expand resourceTypes/aliases` JSON). "
                + message
        }
        return Diagnostic(file: file, path: error.path, message: message)
    }
}
