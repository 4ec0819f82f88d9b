import JSONCore
import PolicyModel

/// Reads compiled fields out of resources and count elements.
enum FieldReader {
    /// The single value of a field without `[*]`; nil when the property is missing.
    static func single(_ field: FieldAccess, resource: Resource, scopes: [JSONValue]) -> JSONValue? {
        switch field.source {
        case .special(let special):
            return specialValue(special, resource)
        case .path(let root, let paths):
            let base = root < 0 ? resource.json : scopes[root]
            if paths.count == 1 { return follow(base, paths[0][...]) }
            for path in paths {
                if let value = follow(base, path[...]) { return value }
            }
            return nil
        }
    }

    /// Every value a `[*]` field selects, `nil` for elements missing the property.
    /// A missing array selects nothing (an empty collection).
    static func collect(_ field: FieldAccess, resource: Resource, scopes: [JSONValue], into out: inout [JSONValue?]) {
        guard case .path(let root, let paths) = field.source else {
            out.append(single(field, resource: resource, scopes: scopes))
            return
        }
        let base = root < 0 ? resource.json : scopes[root]
        var chosen = paths[0]
        if paths.count > 1, let existing = paths.first(where: { prefixExists(base, $0) }) { chosen = existing }
        collect(base, chosen[...], into: &out)
    }

    /// The elements a count's `[*]` path selects (only existing ones).
    static func elements(_ field: FieldAccess, resource: Resource, scopes: [JSONValue]) -> [JSONValue] {
        var values: [JSONValue?] = []
        collect(field, resource: resource, scopes: scopes, into: &values)
        return values.compactMap { $0 }
    }

    /// The value `field()` returns ("Author policies for array properties", Referencing array
    /// fields): for a `[*]` alias an array of the values it selects (inside a count's `where`,
    /// of those in the current member only); otherwise the value, or `""` when the property is missing.
    static func functionValue(_ field: FieldAccess, resource: Resource, scopes: [JSONValue]) -> JSONValue {
        if field.selectsCollection || field.hasWildcard {
            return .array(elements(field, resource: resource, scopes: scopes))
        }
        return single(field, resource: resource, scopes: scopes) ?? .string("")
    }

    static func follow(_ value: JSONValue, _ path: ArraySlice<PathSegment>) -> JSONValue? {
        var current = value
        for segment in path {
            switch segment {
            case .key(let key):
                guard case .object(let object) = current, let next = object[key] else { return nil }
                current = next
            case .index(let i):
                guard case .array(let array) = current, array.indices.contains(i) else { return nil }
                current = array[i]
            case .wildcard:
                return current  // callers with [*] use collect
            }
        }
        return current
    }

    private static func collect(_ value: JSONValue?, _ path: ArraySlice<PathSegment>, into out: inout [JSONValue?]) {
        guard let first = path.first else {
            out.append(value)
            return
        }
        let rest = path.dropFirst()
        switch first {
        case .key(let key):
            guard let value, case .object(let object) = value else {
                // A missing element property is a missing value; a missing array before any [*]
                // selects nothing.
                if rest.contains(.wildcard) { return }
                out.append(nil)
                return
            }
            collect(object[key], rest, into: &out)
        case .index(let i):
            guard let value, case .array(let array) = value, array.indices.contains(i) else {
                if !rest.contains(.wildcard) { out.append(nil) }
                return
            }
            collect(array[i], rest, into: &out)
        case .wildcard:
            guard let value, case .array(let array) = value else { return }
            for element in array { collect(element, rest, into: &out) }
        }
    }

    private static func prefixExists(_ value: JSONValue, _ path: [PathSegment]) -> Bool {
        let prefix = path.prefix { $0 != .wildcard }
        return follow(value, prefix) != nil
    }

    static func specialValue(_ special: FieldAccess.Special, _ resource: Resource) -> JSONValue? {
        switch special {
        case .name: return .string(resource.name)
        case .fullName: return .string(fullName(of: resource))
        case .kind: return resource.kind.map(JSONValue.string)
        case .type: return .string(resource.type)
        case .location: return resource.location.map(JSONValue.string)
        case .id: return .string(resource.id.rawValue)
        case .identityType: return resource.json["identity"]?["type"]
        case .tags: return resource.json["tags"]
        case .tag(let name): return resource.json["tags"]?[name]
        }
    }

    /// The resource name prefixed by its parents' names (`server1/db1`), from the id.
    static func fullName(of resource: Resource) -> String {
        let segments = resource.id.segments
        guard let p = segments.lastIndex(where: { $0.lowercased() == "providers" }), p + 3 < segments.count + 1 else {
            return resource.name
        }
        var names: [Substring] = []
        var i = p + 3
        while i < segments.count {
            names.append(segments[i])
            i += 2
        }
        return names.isEmpty ? resource.name : names.joined(separator: "/")
    }
}
