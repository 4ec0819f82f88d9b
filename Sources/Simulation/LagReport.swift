import Foundation
import History
import PolicyModel

/// When each event of a played scenario became visible in policy states, in Defender's assessments
/// and in the secure score, and why not where it never did (Docs/Lag.md).
package struct LagReport: Sendable, Equatable {
    /// One entry per event, in the scenario file's order.
    package var events: [EventLag]

    /// A report of these events' lags.
    package init(events: [EventLag]) {
        self.events = events
    }

    /// Follows every event of `scenario` through the cycles in `store`, which ``Simulator/play(_:tenant:)``
    /// filled from `tenant` (the scenario's tenant at its start). Reads the history only.
    package init(scenario: Scenario, tenant: Tenant, store: any HistoryReading) throws {
        events = try LagTracer(scenario: scenario, tenant: tenant, store: store).trace()
    }
}
