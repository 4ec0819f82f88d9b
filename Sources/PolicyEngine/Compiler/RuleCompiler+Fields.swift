import JSONCore
import PolicyModel

extension RuleCompiler {
    /// Resolves a field name (`type`, `tags['x']`, an alias, a plain path) and binds `[*]` paths
    /// to the enclosing counts.
    func resolveField(_ name: String, at path: JSONPath, scope: CompileScope, forFunction: Bool)
        throws(PolicyCompileError)
        -> FieldAccess
    {
        let inExistence = scope.relatedType != nil
        if let special = Self.specialField(name) {
            var field = FieldAccess(source: .special(special), name: name, pathText: "", hasWildcard: false)
            if forFunction && inExistence { field.target = .evaluated }
            return field
        }
        guard let candidates = pathCandidates(name) else {
            if let log = unknownAliases {
                if !log.names.contains(name) { log.names.append(name) }
                return FieldAccess(
                    source: .path(root: -1, paths: [[.key("\u{0}")]]), name: name, pathText: "", hasWildcard: false)
            }
            throw PolicyCompileError(
                .unknownAlias, at: path,
                "'\(name)' is not an alias in the alias table; check its spelling or refresh the table (az provider list --expand resourceTypes/aliases)"
            )
        }
        var target = FieldAccess.Target.subject
        if forFunction, inExistence, let related = scope.relatedType,
            !name.lowercased().hasPrefix(related.lowercased() + "/")
        {
            target = .evaluated
        }
        let pathText = PathSegment.text(candidates[0])
        if candidates.count == 1, target == .subject {
            for level in scope.counts.indices.reversed() {
                guard case .field(let countSegments) = scope.counts[level],
                    let rest = Self.remainder(of: candidates[0], after: countSegments)
                else { continue }
                var bound = FieldAccess(
                    source: .path(root: level, paths: [rest]), name: name, pathText: pathText,
                    hasWildcard: rest.contains(.wildcard), target: target)
                bound.selectsCollection = true
                return bound
            }
        }
        var field = FieldAccess(
            source: .path(root: -1, paths: candidates), name: name, pathText: pathText,
            hasWildcard: candidates[0].contains(.wildcard), target: target)
        field.selectsCollection = field.hasWildcard
        return field
    }

    /// The absolute segments of an alias or plain path (nil for computed fields and unknown aliases).
    func absoluteSegments(_ name: String) -> [PathSegment]? {
        guard Self.specialField(name) == nil else { return nil }
        if pathCandidates(name) == nil, unknownAliases != nil { return [.key("\u{0}"), .wildcard] }
        return pathCandidates(name)?.first
    }

    /// The paths an alias maps to (several for type-dependent aliases), or a plain path's segments.
    private func pathCandidates(_ name: String) -> [[PathSegment]]? {
        guard name.contains("/") else { return [PathSegment.parse(name)] }
        var paths: [String] = []
        if let path = aliases.defaultPath(for: name) {
            paths.append(path)
        } else if name.hasSuffix("[*]"), let path = aliases.defaultPath(for: String(name.dropLast(3))) {
            paths.append(path.hasSuffix("[*]") ? path : path + "[*]")
        }
        for extra in TypeDependentAliases.extraPaths[name.lowercased()] ?? [] where !paths.contains(extra) {
            paths.append(extra)
        }
        guard !paths.isEmpty else { return nil }
        return paths.map(PathSegment.parse)
    }

    /// The segments after `prefix` when `segments` starts with it (ignoring key case).
    static func remainder(of segments: [PathSegment], after prefix: [PathSegment]) -> [PathSegment]? {
        guard segments.count >= prefix.count else { return nil }
        for i in prefix.indices where !segments[i].sameStep(as: prefix[i]) { return nil }
        return Array(segments[prefix.count...])
    }

    /// The fields Azure computes: name, fullName, kind, type, location, id, identity.type, tags, tags['x'].
    static func specialField(_ name: String) -> FieldAccess.Special? {
        switch name.lowercased() {
        case "name": return .name
        case "fullname": return .fullName
        case "kind": return .kind
        case "type": return .type
        case "location": return .location
        case "id": return .id
        case "identity.type": return .identityType
        case "tags": return .tags
        default: break
        }
        let lower = name.lowercased()
        if lower.hasPrefix("tags["), name.hasSuffix("]") {
            return .tag(String(name.dropFirst(5).dropLast()).trimmingQuotes())
        }
        if lower.hasPrefix("tags.") { return .tag(String(name.dropFirst(5))) }
        return nil
    }
}
