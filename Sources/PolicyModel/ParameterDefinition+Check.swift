public import JSONCore

extension ParameterDefinition {
    /// Why `value` cannot be given to this parameter, or nil when it can: the declared `type`
    /// (`String`, `Array`, `Object`, `Boolean`, `Integer`, `Float`, `DateTime`, any case) and
    /// `allowedValues`. An array value is allowed when it is one of the allowed values or when each
    /// of its elements is; strings compare ignoring case, as Azure compares names.
    public func problem(with value: JSONValue) -> String? {
        if let type, let expected = Self.typeProblem(type: type, value: value) {
            return "parameter '\(name)' is of type \(type), found \(expected)"
        }
        guard let allowed = allowedValues, !allowed.isEmpty else { return nil }
        func isAllowed(_ item: JSONValue) -> Bool { allowed.contains { Self.sameValue($0, item) } }
        if isAllowed(value) { return nil }
        if let items = value.arrayValue, items.allSatisfy(isAllowed) { return nil }
        let shown = allowed.prefix(10).map(Self.shortText).joined(separator: ", ")
        return "parameter '\(name)': \(Self.shortText(value)) is not one of its allowedValues (\(shown)"
            + (allowed.count > 10 ? ", …)" : ")")
    }

    /// What was found instead, when `value` is not of the declared type; nil when it is, or when
    /// the type is not one Azure declares (the definition's own validation reports that).
    private static func typeProblem(type: String, value: JSONValue) -> String? {
        let ok: Bool
        switch type.lowercased() {
        case "string": ok = value.stringValue != nil
        case "array": ok = value.arrayValue != nil
        case "object": ok = value.objectValue != nil
        case "boolean": ok = value.boolValue != nil
        case "integer":
            guard let number = value.numberValue else { ok = false; break }
            guard number.isFinite, number.rounded() == number else { return "the non-integer number \(number)" }
            ok = true
        case "float": ok = value.numberValue != nil
        case "datetime":
            guard let text = value.stringValue else { ok = false; break }
            guard ISO8601.parse(text) != nil else { return "'\(text.prefix(64))', not an ISO 8601 date-time" }
            ok = true
        default: return nil
        }
        return ok ? nil : "a value of type \(value.typeName)"
    }

    private static func sameValue(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = a.stringValue, let y = b.stringValue { return x.equalsIgnoringASCIICase(y) }
        return a == b
    }

    private static func shortText(_ value: JSONValue) -> String {
        let text = JSONWriter(pretty: false).string(value)
        return text.count > 64 ? String(text.prefix(64)) + "…" : text
    }
}
