/// Static facts about a condition tree, worked out once at compile time.
extension Condition {
    /// The lower-cased types the condition can hold for, or nil for any type.
    /// Derived from `field: type` equals/in in positions the whole condition depends on.
    func typeSet() -> Set<String>? {
        switch self {
        case .field(let field, .equals, .constant(let p)) where field.isType:
            return p.lowered.map { [$0] }
        case .field(let field, .in, .constant(let p)) where field.isType:
            guard let list = p.list else { return nil }
            var set = Set<String>()
            for item in list {
                guard let lowered = item.lowered else { return nil }
                set.insert(lowered)
            }
            return set
        case .allOf(let children):
            var result: Set<String>?
            for child in children {
                if let set = child.typeSet() { result = result.map { $0.intersection(set) } ?? set }
            }
            return result
        case .anyOf(let children):
            guard !children.isEmpty else { return nil }
            var result = Set<String>()
            for child in children {
                guard let set = child.typeSet() else { return nil }
                result.formUnion(set)
            }
            return result
        default:
            return nil
        }
    }

    /// The kinds of leaf conditions in the tree.
    struct LeafKinds {
        var type = false, name = false, kind = false, other = false
    }

    func collectLeafKinds(_ kinds: inout LeafKinds) {
        switch self {
        case .constant: break
        case .allOf(let c), .anyOf(let c): for child in c { child.collectLeafKinds(&kinds) }
        case .not(let c): c.collectLeafKinds(&kinds)
        case .field(let f, _, _):
            if f.isType {
                kinds.type = true
            } else if f.isName {
                kinds.name = true
            } else if f.isKind {
                kinds.kind = true
            } else {
                kinds.other = true
            }
        case .value, .count: kinds.other = true
        }
    }

    /// The applicability condition per the "policy applicability" docs: only type, name and kind
    /// conditions count, others are taken as true (false when negated). Special cases: a rule of
    /// only name or only kind conditions applies to everything; type+name or type+kind without
    /// other conditions considers only the type.
    func applicabilityCondition() -> Condition {
        var kinds = LeafKinds()
        collectLeafKinds(&kinds)
        let considerNameAndKind = kinds.other
        return reduced(considerNameAndKind: considerNameAndKind, positive: true)
    }

    private func reduced(considerNameAndKind: Bool, positive: Bool) -> Condition {
        switch self {
        case .constant: return self
        case .allOf(let children):
            var kept: [Condition] = []
            for child in children {
                let r = child.reduced(considerNameAndKind: considerNameAndKind, positive: positive)
                if case .constant(let b) = r {
                    if !b { return .constant(false) }
                    continue
                }
                kept.append(r)
            }
            return kept.isEmpty ? .constant(true) : (kept.count == 1 ? kept[0] : .allOf(kept))
        case .anyOf(let children):
            var kept: [Condition] = []
            for child in children {
                let r = child.reduced(considerNameAndKind: considerNameAndKind, positive: positive)
                if case .constant(let b) = r {
                    if b { return .constant(true) }
                    continue
                }
                kept.append(r)
            }
            return kept.isEmpty ? .constant(false) : (kept.count == 1 ? kept[0] : .anyOf(kept))
        case .not(let child):
            let r = child.reduced(considerNameAndKind: considerNameAndKind, positive: !positive)
            if case .constant(let b) = r { return .constant(!b) }
            return .not(r)
        case .field(let f, _, _) where f.isType && f.target == .subject && !f.hasWildcard:
            return self
        case .field(let f, _, _) where considerNameAndKind && (f.isName || f.isKind):
            return self
        default:
            return .constant(positive)
        }
    }

    /// Whether any condition or expression reads the `location` field.
    var readsLocation: Bool {
        switch self {
        case .constant: return false
        case .allOf(let c), .anyOf(let c): return c.contains { $0.readsLocation }
        case .not(let c): return c.readsLocation
        case .field(let f, _, let o): return f.isLocation || o.readsLocation
        case .value(let e, _, let o): return e.readsLocation || o.readsLocation
        case .count(let c, _, let o):
            if o.readsLocation || (c.condition?.readsLocation ?? false) { return true }
            if case .value(let e) = c.source { return e.readsLocation }
            return false
        }
    }
}

extension Operand {
    var readsLocation: Bool {
        if case .dynamic(let e) = self { return e.readsLocation }
        return false
    }
}

extension Expression {
    var readsLocation: Bool {
        switch self {
        case .literal, .current, .failure: return false
        case .field(let f): return f.isLocation
        case .call(_, let a): return a.contains { $0.readsLocation }
        case .member(let b, _): return b.readsLocation
        case .index(let b, let i): return b.readsLocation || i.readsLocation
        }
    }
}
