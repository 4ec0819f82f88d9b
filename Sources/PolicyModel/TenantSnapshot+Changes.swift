package import JSONCore

extension TenantSnapshot {
    /// The kind a `put` object belongs to, from its `type`.
    package static func kind(ofType type: String) -> Kind {
        switch type.lowercased() {
        case "microsoft.authorization/policyexemptions": .exemption
        case "microsoft.authorization/policyassignments": .assignment
        case "microsoft.authorization/policydefinitions", "microsoft.authorization/policysetdefinitions": .definition
        case "microsoft.management/managementgroups", "microsoft.resources/subscriptions",
            "microsoft.resources/subscriptions/resourcegroups":
            .container
        case "microsoft.security/assessmentmetadata": .recommendation
        case "microsoft.security/securescorecontroldefinitions": .control
        case "microsoft.security/assessments": .finding
        default: .resource
        }
    }

    /// Adds or replaces an object (a resource, an exemption, an assignment, a definition, …): the
    /// `put` of a scenario. The object needs `id` and `type`; an assessment needs `name` and
    /// `properties.resourceDetails.Id` or `.id` (it is a Defender finding).
    package mutating func put(_ object: JSONValue) {
        guard let type = object["type"]?.stringValue else { return }
        let kind = Self.kind(ofType: type)
        if kind == .finding {
            setFinding(object)
            return
        }
        let id = (kind == .recommendation || kind == .control) ? object["name"]?.stringValue : object["id"]?.stringValue
        guard let id else { return }
        objects[
            Key(kind: kind, id: kind == .recommendation || kind == .control ? id.lowercased() : ResourceID(id).key)] =
            object
    }

    /// Sets a Defender-native result (`Microsoft.Security/assessments`): the `finding` of a scenario.
    package mutating func setFinding(_ finding: JSONValue) {
        guard let key = finding["name"]?.stringValue,
            let resource = Finding.assessedResourceId(in: finding)
        else { return }
        objects[Key(kind: .finding, id: ResourceID(resource).key + "|" + key.lowercased())] = finding
    }

    /// Removes the object with this id, as Azure deletes it: a resource or scope takes its child
    /// and extension resources, the exemptions at or under it, and Defender's findings about them.
    /// Returns whether anything was removed.
    @discardableResult
    package mutating func delete(_ id: ResourceID) -> Bool {
        // Keys are lower-cased ids: an object lies at or under `id` when its id is `id` or continues it
        // with "/" (an exemption's id continues its scope's; a finding's key is "resource|assessment").
        let target = id.key
        let before = objects.count
        // Keys to remove collected first: filtering would rebuild the whole dictionary for each delete.
        let doomed = objects.keys.filter { key in
            switch key.kind {
            case .resource, .container, .assignment, .definition, .exemption, .finding:
                guard key.id.hasPrefix(target) else { return false }
                let next = key.id.utf8.dropFirst(target.utf8.count).first
                return next == nil || next == UInt8(ascii: "/") || next == UInt8(ascii: "|")
            case .recommendation, .control, .aliases, .owners, .settings:
                return false
            }
        }
        for key in doomed { objects.removeValue(forKey: key) }
        return objects.count != before
    }
}
