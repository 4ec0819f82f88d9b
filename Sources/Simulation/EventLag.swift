import Foundation

/// When one scenario event became visible in policy states, in Defender's assessments and in the
/// secure score (Docs/Lag.md defines "became visible").
package struct EventLag: Sendable, Equatable {
    /// One stage's outcome for the event: the instant it became visible, or why it never did
    /// within the scenario.
    package struct Stage: Sendable, Equatable {
        /// When the stage's results first showed the event; nil when they never did within the scenario.
        package var visibleAt: Date?
        /// Why the event never showed in this stage; nil when it did.
        package var reason: String?

        /// The stage showed the event at `instant`.
        package static func visible(_ instant: Date) -> Stage { Stage(visibleAt: instant, reason: nil) }

        /// The stage never showed the event within the scenario, for `reason`.
        package static func never(_ reason: String) -> Stage { Stage(visibleAt: nil, reason: reason) }
    }

    /// The event's position in the scenario file (`$.events[index]`).
    package var index: Int
    /// When the event happened.
    package var at: Date
    /// `put`, `delete`, `finding` or `scan`.
    package var kind: String
    /// What it changed: an object id, `<assessment key> on <resource id>` for a finding, `tenant` for a scan.
    package var subject: String
    /// Azure Policy's states.
    package var policy: Stage
    /// Defender's assessments: for a finding, Defender's own (native) assessment.
    package var defender: Stage
    /// The secure score.
    package var score: Stage
    /// For a finding only: the custom-policy recommendation fed by the policy that reads the finding.
    package var custom: Stage?

    /// An event's lags; `custom` only for a finding.
    package init(
        index: Int, at: Date, kind: String, subject: String, policy: Stage, defender: Stage, score: Stage,
        custom: Stage? = nil
    ) {
        self.index = index
        self.at = at
        self.kind = kind
        self.subject = subject
        self.policy = policy
        self.defender = defender
        self.score = score
        self.custom = custom
    }

    /// Elapsed seconds from the event until `stage` showed it; nil when it never did.
    package func lag(_ stage: Stage) -> TimeInterval? {
        stage.visibleAt.map { $0.timeIntervalSince(at) }
    }

    /// Why some stage never showed the event, nil when every stage did: one reason when the stages
    /// that did not show it share it, otherwise `stage: reason` parts joined by `; `.
    package var reason: String? {
        var named: [(String, Stage)] = [("policy", policy), ("defender", defender), ("score", score)]
        if let custom { named.append(("custom", custom)) }
        var groups: [(names: [String], reason: String)] = []
        for (name, stage) in named {
            guard let reason = stage.reason else { continue }
            if let i = groups.firstIndex(where: { $0.reason == reason }) {
                groups[i].names.append(name)
            } else {
                groups.append(([name], reason))
            }
        }
        guard groups.count > 1 else { return groups.first?.reason }
        return groups.map { $0.names.joined(separator: ", ") + ": " + $0.reason }.joined(separator: "; ")
    }
}
