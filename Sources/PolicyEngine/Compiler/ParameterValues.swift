import JSONCore

/// Parameter values for one compilation: given values over declared defaults, looked up ignoring case.
enum ParameterValues {
    static func merge(declarations: JSONObject?, values: [String: JSONValue], at path: JSONPath)
        throws(PolicyCompileError) -> JSONObject
    {
        var merged = JSONObject()
        for declaration in declarations ?? JSONObject() {
            if let given = values.first(where: { $0.key.equalsIgnoringASCIICase(declaration.key) })?.value {
                merged[declaration.key] = given
            } else if let defaultValue = declaration.value["defaultValue"] {
                merged[declaration.key] = defaultValue
            }
        }
        for (key, value) in values where merged[key] == nil { merged[key] = value }
        return merged
    }
}
