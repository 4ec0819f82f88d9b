import Defender
import Foundation
import History
import HistoryQueries
import PolicyModel

/// The figures monitoring watches, read from history as visible at one instant, plus how the run went.
package struct PostureMetrics: Sendable {
    /// One subscription's secure score as Defender computes it.
    package struct SubscriptionFigure: Sendable, Equatable {
        package var subscriptionId: String
        package var displayName: String
        package var current: Double
        package var max: Double
        package var percentage: Double
    }

    /// One control's score within a subscription.
    package struct ControlFigure: Sendable, Equatable {
        package var subscriptionId: String
        package var control: String
        package var displayName: String
        package var current: Double
        package var max: Double
    }

    /// How the run itself went: set by the caller, never read from a clock here.
    package struct RunFigures: Sendable, Equatable {
        /// When the last fully successful run finished (this one, when it succeeded).
        package var lastSuccess: Date?
        package var succeeded: Bool
        package var cyclesExecuted: Int
        package var exportDuration: Duration?
        package var runDuration: Duration?

        package init(
            lastSuccess: Date?, succeeded: Bool, cyclesExecuted: Int, exportDuration: Duration? = nil,
            runDuration: Duration? = nil
        ) {
            self.lastSuccess = lastSuccess
            self.succeeded = succeeded
            self.cyclesExecuted = cyclesExecuted
            self.exportDuration = exportDuration
            self.runDuration = runDuration
        }
    }

    package var subscriptions: [SubscriptionFigure] = []
    package var controls: [ControlFigure] = []
    /// Unhealthy assessments per recommendation severity (`High`, `Medium`, `Low`; all three always present).
    package var unhealthyBySeverity: [String: Int] = ["High": 0, "Medium": 0, "Low": 0]
    /// Exemptions whose `expiresOn` falls within `expiringWindow` after the instant.
    package var expiringExemptions = 0
    package var expiringWindow: TimeInterval = 30 * 86_400
    package var run: RunFigures

    /// Only the run's figures (when history cannot be read, or the run failed before it).
    package init(run: RunFigures) {
        self.run = run
    }

    /// Reads the visible score, assessments and exemptions at `now` from history.
    package init(store: any HistoryReading, at now: Date, run: RunFigures, expiringWithin days: Int = 30) throws {
        self.run = run
        expiringWindow = Double(days) * 86_400
        let version = try store.tenantVersion(at: now)?.version
        let model = try ScoreModel(store: store, version: version)
        let names = model.tenant.subscriptionNames
        if let visible = try store.scores(visibleAt: now) {
            for score in visible.scores.sorted(by: { $0.subscriptionId < $1.subscriptionId }) {
                let details = score.score
                subscriptions.append(
                    SubscriptionFigure(
                        subscriptionId: score.subscriptionId,
                        displayName: names[score.subscriptionId.lowercased()] ?? "",
                        current: details.current, max: details.max, percentage: details.percentage))
                for control in score.controls where control.counts {
                    controls.append(
                        ControlFigure(
                            subscriptionId: score.subscriptionId, control: control.key,
                            displayName: control.displayName,
                            current: control.score.current, max: control.score.max))
                }
            }
        }
        for assessment in try store.assessments(visibleAt: now) where assessment.status == .unhealthy {
            guard let severity = model.catalog[assessment.key]?.severity else { continue }
            unhealthyBySeverity[severity, default: 0] += 1
        }
        if let version {
            let exemptions = try store.snapshot(
                version: version, kinds: [.exemption, .assignment, .container, .definition]
            )
            .tenant().exemptions
            expiringExemptions = exemptions.filter { $0.expires(within: expiringWindow, of: now) }.count
        }
    }
}
