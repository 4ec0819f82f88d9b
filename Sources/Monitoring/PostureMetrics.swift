import Defender
import Foundation
import History
import HistoryQueries
import PolicyModel

/// The figures monitoring watches, read from history as visible at one instant, plus how the run went.
public struct PostureMetrics: Sendable {
    /// One subscription's secure score as Defender computes it.
    public struct SubscriptionFigure: Sendable, Equatable {
        public var subscriptionId: String
        public var displayName: String
        public var current: Double
        public var max: Double
        public var percentage: Double
    }

    /// One control's score within a subscription.
    public struct ControlFigure: Sendable, Equatable {
        public var subscriptionId: String
        public var control: String
        public var displayName: String
        public var current: Double
        public var max: Double
    }

    /// How the run itself went: set by the caller, never read from a clock here.
    public struct RunFigures: Sendable, Equatable {
        /// When the last fully successful run finished (this one, when it succeeded).
        public var lastSuccess: Date?
        public var succeeded: Bool
        public var cyclesExecuted: Int
        public var exportDuration: Duration?
        public var runDuration: Duration?

        public init(
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

    public var subscriptions: [SubscriptionFigure] = []
    public var controls: [ControlFigure] = []
    /// Unhealthy assessments per recommendation severity (`High`, `Medium`, `Low`; all three always present).
    public var unhealthyBySeverity: [String: Int] = ["High": 0, "Medium": 0, "Low": 0]
    /// Exemptions whose `expiresOn` falls within `expiringWindow` after the instant.
    public var expiringExemptions = 0
    public var expiringWindow: TimeInterval = 30 * 86_400
    public var run: RunFigures

    /// Only the run's figures (when history cannot be read, or the run failed before it).
    public init(run: RunFigures) {
        self.run = run
    }

    /// Reads the visible score, assessments and exemptions at `now` from history.
    public init(store: any HistoryReading, at now: Date, run: RunFigures, expiringWithin days: Int = 30) throws {
        self.run = run
        expiringWindow = Double(days) * 86_400
        let version = try store.tenantVersion(at: now)?.version
        let model = try ScoreModel(store: store, version: version)
        let names = model.subscriptionNames
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
