import Defender
import Foundation
import History
import PolicyModel

/// What the history queries need of a tenant version to read scores: its recommendations and
/// controls (the catalog), its management groups and subscriptions (scopes and names), and its
/// settings (how Mitigated exemptions count). Loaded without the resources, so it costs the same
/// at any tenant size.
package struct ScoreModel: Sendable {
    package var catalog: RecommendationCatalog
    /// The containers, definitions, recommendations, controls and owners of the version (no resources).
    package var tenant: Tenant

    package init(tenant: Tenant) {
        self.tenant = tenant
        catalog = RecommendationCatalog(tenant: tenant)
    }

    /// The model of a recorded tenant version (nil: an empty model).
    package init(store: any HistoryReading, version: Int?) throws {
        guard let version else {
            self.init(tenant: try TenantSnapshot().tenant(file: "history"))
            return
        }
        let snapshot = try store.snapshot(
            version: version, kinds: [.container, .definition, .recommendation, .control, .owners, .settings])
        self.init(tenant: try snapshot.tenant(file: "history version \(version)"))
    }

    /// The model of the tenant version observed at `instant` (an empty model before the first).
    package init(store: any HistoryReading, at instant: Date) throws {
        try self.init(store: store, version: store.tenantVersion(at: instant)?.version)
    }

    /// The model the score visible at `instant` rests on: the tenant version behind the last Defender
    /// cycle visible then (``HistoryReading/tenantVersion(behind:at:)``; an empty model before the first).
    package init(store: any HistoryReading, scoredAt instant: Date) throws {
        let cycle = try store.latestCycle(of: [.defender], visibleAt: instant)
        try self.init(store: store, version: store.tenantVersion(behind: cycle, at: instant))
    }

    /// How the version's scores count Mitigated exemptions (its `settings.json`).
    package var mitigated: MitigatedExemptions { tenant.settings.mitigatedExemptions }

    /// A calculator that scores as the version's score computations did: its catalog and setting.
    package var calculator: ScoreCalculator { ScoreCalculator(catalog: catalog, mitigated: mitigated) }

    /// The catalog alone of a recorded tenant version (nil: an empty one), read without the
    /// version's containers: its recommendations, controls and definitions.
    package static func catalog(store: any HistoryReading, version: Int?) throws -> RecommendationCatalog {
        guard let version else { return RecommendationCatalog(tenant: try TenantSnapshot().tenant(file: "history")) }
        let snapshot = try store.snapshot(version: version, kinds: [.definition, .recommendation, .control])
        return RecommendationCatalog(tenant: try snapshot.tenant(file: "history version \(version)"))
    }

    /// How every output names a subscription: "display name (id)", or the id alone when the
    /// tenant has no name for it, so that either can be found again (and given to `--scope`).
    package static func subscriptionLabel(_ subscriptionId: String, names: [String: String]) -> String {
        guard let name = names[subscriptionId.lowercased()], !name.isEmpty else { return subscriptionId }
        return "\(name) (\(subscriptionId))"
    }
}
