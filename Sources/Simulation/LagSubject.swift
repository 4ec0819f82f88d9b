import Foundation
import JSONCore
import PolicyModel

/// What one scenario event changes, as the lag report follows it: which policy rows, which
/// Defender-native assessment, which recommendation or control.
struct LagSubject {
    enum Target {
        /// The policy rows this predicate accepts: a resource or scope and everything under it, an
        /// exemption's scope, an assignment's or a definition's rows, or (a scan) the whole tenant.
        case policy((PolicyEntry) -> Bool)
        /// A Defender-native result: assessment `key` on `resource`.
        case finding(key: String, resource: ResourceID)
        /// Defender's metadata: a recommendation (`Microsoft.Security/assessmentMetadata`, its key) or
        /// a secure score control's definition (nil).
        case metadata(recommendation: String?)
    }

    var target: Target
    /// `put`, `delete`, `finding` or `scan`.
    var kind: String
    /// The object changed, as people read it (EventLag.subject).
    var description: String
    /// The object's identity: a later event with the same identity supersedes this one. Nil for a scan.
    var identity: String?

    init(_ event: ScenarioEvent, tenant: Tenant) {
        switch event.change {
        case .put(let object):
            kind = "put"
            let type = object["type"]?.stringValue ?? ""
            let snapshotKind = TenantSnapshot.kind(ofType: type)
            switch snapshotKind {
            case .finding:
                self = Self(finding: object, kind: "put")
            case .recommendation, .control:
                let name = object["name"]?.stringValue ?? ""
                target = .metadata(recommendation: snapshotKind == .control ? nil : name.lowercased())
                description = name
                identity = snapshotKind.rawValue + "|" + name.lowercased()
            default:
                let id = ResourceID(object["id"]?.stringValue ?? "")
                target = Self.policyTarget(id, kind: snapshotKind, tenant: tenant)
                description = id.rawValue
                identity = id.key
            }
        case .delete(let id):
            kind = "delete"
            target = Self.policyTarget(id, kind: TenantSnapshot.kind(ofType: Self.type(of: id)), tenant: tenant)
            description = id.rawValue
            identity = id.key
        case .finding(let finding):
            self = Self(finding: finding, kind: "finding")
        case .scan:
            kind = "scan"
            target = .policy { _ in true }
            description = "tenant"
            identity = nil
        }
    }

    private init(finding: JSONValue, kind: String) {
        let key = finding["name"]?.stringValue?.lowercased() ?? ""
        let resource = ResourceID(Finding.assessedResourceId(in: finding) ?? "")
        self.kind = kind
        target = .finding(key: key, resource: resource)
        description = key + " on " + resource.rawValue
        identity = resource.key + "|" + key
    }

    /// The policy rows an object of `kind` with this id touches.
    private static func policyTarget(_ id: ResourceID, kind: TenantSnapshot.Kind, tenant: Tenant) -> Target {
        switch kind {
        case .exemption:
            let scope = Self.scope(of: id)
            return .policy { tenant.isUnder($0.resourceId, scope) }
        case .assignment:
            return .policy { $0.assignmentId == id }
        case .definition:
            return .policy { $0.definitionId == id || $0.setId == id }
        case .container, .resource, .recommendation, .control, .finding, .aliases, .owners, .settings:
            // A child or extension resource (a diagnostic setting, a VM extension, an auditing
            // setting) is what AuditIfNotExists policies look for: its parents' rows change with it.
            var parents = Set<ResourceID>()
            var current = id.parent
            while let parent = current, parent.scopeKind == .resource {
                parents.insert(parent)
                current = parent.parent
            }
            return .policy { tenant.isUnder($0.resourceId, id) || parents.contains($0.resourceId) }
        }
    }

    /// `namespace/type` after the id's last `/providers/` (`microsoft.authorization/policyexemptions`),
    /// or empty for subscriptions and resource groups.
    static func type(of id: ResourceID) -> String {
        guard let range = id.key.range(of: "/providers/", options: .backwards) else { return "" }
        return id.key[range.upperBound...].split(separator: "/").prefix(2).joined(separator: "/")
    }

    /// The scope an extension object (an exemption, an assignment) hangs under: the id before its
    /// last `/providers/`.
    static func scope(of id: ResourceID) -> ResourceID {
        guard let range = id.rawValue.range(of: "/providers/", options: [.backwards, .caseInsensitive]) else {
            return id
        }
        let scope = String(id.rawValue[..<range.lowerBound])
        return ResourceID(scope.isEmpty ? "/" : scope)
    }
}
