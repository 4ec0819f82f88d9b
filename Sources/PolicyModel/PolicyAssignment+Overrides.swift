import JSONCore

extension PolicyAssignment {
    /// An entry of an assignment's `overrides` ("Azure Policy assignment structure", Overrides,
    /// https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure): it changes
    /// the effect of the members its selectors pick without touching parameters or definitions.
    public struct Override: Sendable, Equatable {
        /// What the override replaces.
        public enum Kind: String, Sendable, Equatable, CaseInsensitiveName {
            /// The members' effect.
            case policyEffect
            /// The definition version (a newer kind); it does not change evaluation here.
            case definitionVersion
        }

        /// One `{kind: policyDefinitionReferenceId, in | notIn}` test.
        public struct Selector: Sendable, Equatable {
            /// Lower-cased reference ids of `in`.
            public var included: [String]?
            /// Lower-cased reference ids of `notIn`.
            public var excluded: [String]?

            /// Whether a member with this reference id (nil: a single-policy assignment) passes.
            public func matches(_ referenceId: String?) -> Bool {
                let id = referenceId?.lowercased()
                if let included, !included.contains(where: { $0 == id }) { return false }
                if let excluded, let id, excluded.contains(id) { return false }
                return true
            }
        }

        public var kind: Kind
        /// The new value (for `policyEffect`, an effect name as written).
        public var value: String
        /// All must match; none means every member.
        public var selectors: [Selector]

        /// Whether the override applies to the member with this reference id.
        public func applies(to referenceId: String?) -> Bool {
            selectors.allSatisfy { $0.matches(referenceId) }
        }

        /// The effects an override may name ("Azure Policy definitions effect basics").
        static let effects = [
            "addToNetworkGroup", "append", "audit", "auditIfNotExists", "deny", "denyAction", "deployIfNotExists",
            "disabled", "manual", "modify", "mutate",
        ]
        static let maxOverrides = 10
        static let maxSelectorValues = 50

        static func decodeAll(_ node: JSONNode) -> [Override] {
            let entries = node.elements()
            if entries.count > maxOverrides {
                node.report("an assignment takes at most \(maxOverrides) overrides, found \(entries.count)")
            }
            return entries.compactMap(decode)
        }

        private static func decode(_ node: JSONNode) -> Override? {
            guard node.object() != nil, let kindText = node["kind"].string(), let value = node["value"].string() else {
                return nil
            }
            guard let kind = Kind(name: kindText) else {
                node["kind"].report("unknown override kind '\(kindText.prefix(64))'; expected policyEffect")
                return nil
            }
            if kind == .policyEffect, !effects.contains(where: { $0.equalsIgnoringASCIICase(value) }) {
                node["value"].report("'\(value.prefix(64))' is not an Azure Policy effect")
                return nil
            }
            var selectors: [Selector] = []
            for s in node["selectors"].elements() {
                guard s.object() != nil, let selectorKind = s["kind"].string() else { return nil }
                guard selectorKind.equalsIgnoringASCIICase("policyDefinitionReferenceId") else {
                    let found = selectorKind.prefix(64)
                    let expected = "an override selector's kind must be policyDefinitionReferenceId"
                    s["kind"].report("\(expected), found '\(found)'")
                    return nil
                }
                let included = s["in"].isAbsent ? nil : s["in"].stringArray().map { $0.lowercased() }
                let excluded = s["notIn"].isAbsent ? nil : s["notIn"].stringArray().map { $0.lowercased() }
                guard (included == nil) != (excluded == nil) else {
                    let both = "a selector takes 'in' or 'notIn', not both"
                    s.report(included == nil ? "a selector needs 'in' or 'notIn'" : both)
                    return nil
                }
                if (included ?? excluded ?? []).count > maxSelectorValues {
                    s.report("a selector takes at most \(maxSelectorValues) values")
                    return nil
                }
                selectors.append(Selector(included: included, excluded: excluded))
            }
            return Override(kind: kind, value: value, selectors: selectors)
        }
    }

    /// The effect the assignment's overrides give the member with this reference id (nil for a
    /// single-policy assignment), or nil when none applies. Overrides are applied in the order they
    /// are listed, so of several that apply the last one decides.
    public func effectOverride(for referenceId: String?) -> String? {
        overrides.last { $0.kind == .policyEffect && $0.applies(to: referenceId) }?.value
    }
}
