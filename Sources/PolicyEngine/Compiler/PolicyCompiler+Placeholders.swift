public import JSONCore

extension PolicyCompiler {
    /// Values for the parameters a definition declares without a default (an assignment must give
    /// them): the first allowed value, or a value of the declared type, so that compiling checks
    /// the rule rather than a missing assignment.
    public static func placeholderValues(for definition: JSONValue) -> [String: JSONValue] {
        guard let declarations = (definition["properties"] ?? definition)["parameters"]?.objectValue else { return [:] }
        var values: [String: JSONValue] = [:]
        for member in declarations where member.value["defaultValue"] == nil {
            let type = (member.value["type"]?.stringValue ?? "string").lowercased()
            if let allowed = member.value["allowedValues"]?.arrayValue, let first = allowed.first {
                values[member.key] = type == "array" ? .array([first]) : first
                continue
            }
            switch type {
            case "array": values[member.key] = .array([])
            case "object": values[member.key] = .object(JSONObject())
            case "boolean": values[member.key] = .bool(false)
            case "integer", "float": values[member.key] = .number(0)
            default: values[member.key] = .string("placeholder")
            }
        }
        return values
    }
}
