public import JSONCore

/// A parameter a definition or initiative declares: `{type, defaultValue, allowedValues, metadata}`.
public struct ParameterDefinition: Sendable, Equatable {
    public var name: String
    /// `String`, `Array`, `Object`, `Boolean`, `Integer`, `Float` or `DateTime`, as written.
    public var type: String?
    public var defaultValue: JSONValue?
    public var allowedValues: [JSONValue]?

    public init(name: String, type: String?, defaultValue: JSONValue?, allowedValues: [JSONValue]?) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
    }

    /// Decodes the `parameters` object of a definition or an initiative.
    static func decodeAll(_ node: JSONNode) -> [ParameterDefinition] {
        node.members().map { name, p in
            _ = p.optionalObject()
            return ParameterDefinition(
                name: name, type: p["type"].optionalString(), defaultValue: p["defaultValue"].value,
                allowedValues: p["allowedValues"].value?.arrayValue)
        }
    }
}

/// Parameter values as an assignment or an initiative reference writes them: `{"name": {"value": …}}`.
package enum ParameterValues {
    /// Decodes `{"name": {"value": …}}`; a member without `value` is reported.
    static func decode(_ node: JSONNode) -> [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for (name, p) in node.members() {
            guard p.optionalObject() != nil else { continue }
            guard let value = p["value"].value else {
                p.report("parameter value object has no 'value' member")
                continue
            }
            values[name] = value
        }
        return values
    }
}
