import JSONCore

/// The policy side of a generated tenant: one initiative, the definitions it references,
/// the alias table, and the files that carry them into the tenant directory.
package struct PolicyBaseline: Sendable {
    /// A file written into the tenant as is.
    package struct File: Sendable {
        package var path: String
        package var bytes: [UInt8]

        package init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// The initiative to assign at the root management group.
    package var initiative: JSONValue
    /// Every definition the initiative references, by lower-cased id.
    package var definitions: [String: JSONValue]
    /// Definition files, the initiative's file and the alias table.
    package var files: [File]

    package init(initiative: JSONValue, definitions: [String: JSONValue], files: [File]) {
        self.initiative = initiative
        self.definitions = definitions
        self.files = files
    }

    /// The initiative's id.
    package var initiativeId: String { initiative["id"]?.stringValue ?? "" }

    /// The members of the initiative with the definition each references.
    var members: [(referenceId: String, definition: JSONValue, reference: JSONValue)] {
        let references = initiative["properties"]?["policyDefinitions"]?.arrayValue ?? []
        return references.compactMap { reference in
            guard let id = reference["policyDefinitionId"]?.stringValue,
                let definition = definitions[id.lowercased()],
                let referenceId = reference["policyDefinitionReferenceId"]?.stringValue
            else { return nil }
            return (referenceId, definition, reference)
        }
    }

    /// The effect a member has when assigned with default parameters, lower-cased
    /// (`audit`, `auditifnotexists`, `disabled`, ...), or nil when it cannot be told.
    func defaultEffect(of reference: JSONValue, definition: JSONValue) -> String? {
        guard let effect = definition["properties"]?["policyRule"]?["then"]?["effect"]?.stringValue else { return nil }
        guard let name = Self.parameterName(effect) else { return effect.lowercased() }
        if let passed = reference["parameters"]?[name]?["value"] {
            guard let text = passed.stringValue else { return nil }
            guard let outer = Self.parameterName(text) else { return text.lowercased() }
            return initiative["properties"]?["parameters"]?[outer]?["defaultValue"]?.stringValue?.lowercased()
        }
        return definition["properties"]?["parameters"]?[name]?["defaultValue"]?.stringValue?.lowercased()
    }

    /// `x` in `[parameters('x')]`.
    static func parameterName(_ expression: String) -> String? {
        let prefix = "[parameters('"
        let suffix = "')]"
        guard expression.hasPrefix(prefix), expression.hasSuffix(suffix) else { return nil }
        return String(expression.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// Resource types a member's `if` names (`field: type` with `equals` or `in`), lower-cased.
    static func resourceTypes(of definition: JSONValue) -> Set<String> {
        var out: Set<String> = []
        func visit(_ value: JSONValue) {
            switch value {
            case .array(let elements): elements.forEach(visit)
            case .object(let object):
                if object["field"]?.stringValue?.lowercased() == "type" {
                    if let t = object["equals"]?.stringValue { out.insert(t.lowercased()) }
                    for t in object["in"]?.arrayValue ?? [] { if let s = t.stringValue { out.insert(s.lowercased()) } }
                }
                for member in object where member.key != "then" { visit(member.value) }
            default: break
            }
        }
        if let condition = definition["properties"]?["policyRule"]?["if"] { visit(condition) }
        return out
    }
}
