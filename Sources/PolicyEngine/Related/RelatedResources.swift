public import PolicyModel

/// Where AuditIfNotExists/DeployIfNotExists find related resources.
///
/// The tenant implements it over its inventory; ``InMemoryRelatedResources`` is a ready one.
public protocol RelatedResources: Sendable {
    /// The resources of `type` related to `resource`: its children and extensions when `type` lies
    /// underneath it (`Microsoft.Sql/servers/auditingSettings` of a server,
    /// `Microsoft.Insights/diagnosticSettings` at `<id>/providers/microsoft.insights/diagnosticSettings/<name>`),
    /// otherwise those in its resource group (or `resourceGroupName`) or its subscription, per `scope`.
    /// `name`, when given, keeps only the resource with that name (or full name `parent/child`).
    func resources(
        ofType type: String, near resource: Resource, scope: ExistenceScope, resourceGroupName: String?, name: String?
    ) -> [Resource]
}

/// No related resources at all: every AuditIfNotExists/DeployIfNotExists policy whose `if` holds is NonCompliant.
public struct NoRelatedResources: RelatedResources {
    public init() {}

    public func resources(
        ofType type: String, near resource: Resource, scope: ExistenceScope, resourceGroupName: String?, name: String?
    ) -> [Resource] { [] }
}
