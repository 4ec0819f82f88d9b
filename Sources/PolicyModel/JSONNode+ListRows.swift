import JSONCore

extension JSONNode {
    /// The rows of a list Azure exported, in any of the shapes it comes in: an array,
    /// `{"value": [...]}` (a REST list, `az ... list`), `{"data": [...]}` (a Resource Graph query), a
    /// REST example (`{"responses": {"200": {"body": ...}}}`, as in azure-rest-api-specs) or one object.
    /// `noun` names the rows in the report of any other shape ("policy states").
    public func listRows(of noun: String) -> [JSONNode] {
        switch value {
        case .array?: return elements()
        case .object(let o)? where o["value"]?.arrayValue != nil: return self["value"].elements()
        case .object(let o)? where o["data"]?.arrayValue != nil: return self["data"].elements()
        case .object(let o)? where o["responses"]?["200"]?["body"] != nil:
            return self["responses"]["200"]["body"].listRows(of: noun)
        case .object?: return [self]
        default:
            report(
                "expected \(noun) as an array, {\"value\": [...]} or {\"data\": [...]}, "
                    + "found \(value?.typeName ?? "nothing")"
            )
            return []
        }
    }
}
