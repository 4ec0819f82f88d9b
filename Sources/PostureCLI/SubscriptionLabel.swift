/// How every table names a subscription: its display name and its id, so that either can be
/// found again (and given to `--scope`).
enum SubscriptionLabel {
    /// "contoso-corp-prod (6ea3e8ee-…)", or the id alone when the tenant has no name for it.
    static func text(_ subscriptionId: String, names: [String: String]) -> String {
        guard let name = names[subscriptionId.lowercased()], !name.isEmpty else { return subscriptionId }
        return "\(name) (\(subscriptionId))"
    }
}
