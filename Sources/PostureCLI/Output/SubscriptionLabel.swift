import HistoryQueries

/// How every table names a subscription (see `ScoreModel.subscriptionLabel`).
enum SubscriptionLabel {
    /// "contoso-corp-prod (6ea3e8ee-…)", or the id alone when the tenant has no name for it.
    static func text(_ subscriptionId: String, names: [String: String]) -> String {
        ScoreModel.subscriptionLabel(subscriptionId, names: names)
    }
}
