import JSONCore

/// A resource selector of an assignment or exemption: it applies to the resources
/// every one of its selectors matches. A list of them applies when any one does.
public struct ResourceSelector: Sendable, Equatable {
    /// One test on a resource.
    public struct Selector: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable, CaseInsensitiveName {
            case resourceLocation, resourceType, resourceWithoutLocation
        }
        public var kind: Kind
        /// Lower-cased (locations normalised) values of `in`.
        public var included: [String]?
        /// Lower-cased (locations normalised) values of `notIn`.
        public var excluded: [String]?

        /// Whether the resource passes this test.
        public func matches(_ resource: Resource) -> Bool {
            let value: String
            switch kind {
            case .resourceLocation: value = resource.location ?? ""
            case .resourceType: value = resource.typeKey
            case .resourceWithoutLocation:
                value = resource.location == nil || resource.location == "" ? "true" : "false"
            }
            if let included, !included.contains(value) { return false }
            if let excluded, excluded.contains(value) { return false }
            return true
        }
    }

    public var name: String
    public var selectors: [Selector]

    /// Whether every selector matches the resource.
    public func matches(_ resource: Resource) -> Bool {
        selectors.allSatisfy { $0.matches(resource) }
    }

    static func decodeAll(_ node: JSONNode) -> [ResourceSelector] {
        node.elements().compactMap { (rs: JSONNode) -> ResourceSelector? in
            guard rs.object() != nil else { return nil }
            let selectors = rs["selectors"].elements().compactMap { s -> Selector? in
                guard s.object() != nil, let kindText = s["kind"].string() else { return nil }
                guard let kind = Selector.Kind(name: kindText) else {
                    s["kind"].report(
                        "unknown selector kind '\(kindText)'; expected resourceLocation, resourceType or resourceWithoutLocation"
                    )
                    return nil
                }
                let normalize: (String) -> String = { value in
                    kind == .resourceLocation ? Resource.normalizeLocation(value) : value.lowercased()
                }
                let included = s["in"].isAbsent ? nil : s["in"].stringArray().map(normalize)
                let excluded = s["notIn"].isAbsent ? nil : s["notIn"].stringArray().map(normalize)
                if included != nil && excluded != nil { s.report("a selector takes 'in' or 'notIn', not both") }
                if included == nil && excluded == nil { s.report("a selector needs 'in' or 'notIn'") }
                return Selector(kind: kind, included: included, excluded: excluded)
            }
            return ResourceSelector(name: rs["name"].optionalString() ?? "", selectors: selectors)
        }
    }
}

extension Array where Element == ResourceSelector {
    /// An empty list selects everything; otherwise any matching selector selects the resource.
    public func selects(_ resource: Resource) -> Bool {
        isEmpty || contains { $0.matches(resource) }
    }
}
