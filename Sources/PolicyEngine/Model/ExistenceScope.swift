/// Where AuditIfNotExists/DeployIfNotExists look for related resources that are not
/// children or extensions of the evaluated resource (`details.existenceScope`).
public enum ExistenceScope: String, Sendable, Hashable {
    /// The evaluated resource's resource group, or `details.resourceGroupName` (the default).
    case resourceGroup = "ResourceGroup"
    /// The evaluated resource's whole subscription.
    case subscription = "Subscription"
}
