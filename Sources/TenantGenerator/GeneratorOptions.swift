import Foundation

/// What to generate: the size of the tenant, its seed and its clock.
package struct GeneratorOptions: Sendable, Equatable {
    /// Rows in `resources.json` (child and extension resources included).
    package var resources: Int
    /// Subscriptions, spread over a management-group tree.
    package var subscriptions: Int
    /// The seed: the same seed and options give the same bytes.
    package var seed: UInt64
    /// The instant the tenant describes ("now" for exemption expiries and finding dates).
    package var baseInstant: Date
    /// Days of churn to write as a scenario (0: no scenario).
    package var days: Int
    /// Events per day as a fraction of `resources`.
    package var churn: Double
    /// The `schedule` written into the scenario file, relative to it (`posture generate` copies the schedule there).
    package var schedule: String

    /// The default base instant, 2026-11-01T00:00:00Z: fixed, never the wall clock.
    package static let defaultBaseInstant = Date(timeIntervalSince1970: 1_793_491_200)

    package init(
        resources: Int, subscriptions: Int, seed: UInt64 = 1, baseInstant: Date = defaultBaseInstant, days: Int = 0,
        churn: Double = 0.01, schedule: String = "schedule.yaml"
    ) {
        self.resources = resources
        self.subscriptions = subscriptions
        self.seed = seed
        self.baseInstant = baseInstant
        self.days = days
        self.churn = churn
        self.schedule = schedule
    }

    /// The largest tenant generated: ten times the largest benchmark, far past any real tenant export.
    package static let maximumResources = 10_000_000
    /// The most subscriptions (Azure allows 10,000 under a management-group tree's root by default).
    package static let maximumSubscriptions = 10_000
    /// The longest churn scenario, in days: ten years.
    package static let maximumDays = 3_660
    /// The most events a scenario holds.
    package static let maximumEvents = 10_000_000

    /// The first problem with the options, as one sentence, or nil.
    package var problem: String? {
        if resources < 1 { return "--resources must be at least 1" }
        if resources > Self.maximumResources { return "--resources must be at most \(Self.maximumResources)" }
        if subscriptions < 1 { return "--subscriptions must be at least 1" }
        if subscriptions > Self.maximumSubscriptions {
            return "--subscriptions must be at most \(Self.maximumSubscriptions)"
        }
        if days > Self.maximumDays { return "--days must be at most \(Self.maximumDays)" }
        if subscriptions > resources {
            return "--subscriptions (\(subscriptions)) must not exceed --resources (\(resources))"
        }
        if days < 0 { return "--days must not be negative" }
        if !(0...1).contains(churn) { return "--churn must be between 0 and 1" }
        let perDay = max(1.0, (churn * Double(resources)).rounded())
        if perDay * Double(days) > Double(Self.maximumEvents) {
            return "--days × --churn × --resources is more than \(Self.maximumEvents) events"
        }
        return nil
    }
}
