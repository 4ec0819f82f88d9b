import Foundation
import PolicyModel
import Scheduling
import TestSupport

/// The instant an ISO 8601 text names; traps on a typo in a test.
func utc(_ text: String) -> Date {
    guard let date = ISO8601.parse(text) else { fatalError("not ISO 8601: \(text)") }
    return date
}

/// The UTC text of an instant, as `ISO8601.format` prints it.
func text(_ date: Date) -> String { ISO8601.format(date) }

/// `kind start→visibleAt` lines, to compare plans at a glance.
func lines(_ cycles: [PlannedCycle]) -> [String] {
    cycles.map { "\($0.kind) \(text($0.start))→\(text($0.visibleAt))" }
}

/// A schedule from YAML text; traps when it does not parse (the parsing tests cover errors).
func schedule(_ yaml: String) -> Schedule {
    do {
        return try Schedule(yaml: yaml, file: "test.yaml")
    } catch {
        fatalError("\(error)")
    }
}

/// The schedule shipped as `Schedules/<name>`.
func shipped(_ name: String) throws -> Schedule {
    try Schedule.load(path: TestPaths.repositoryRoot.appendingPathComponent("Schedules/\(name)").path)
}

/// A schedule in UTC with the given sections, for rule tests free of daylight saving.
func utcSchedule(
    policy: String = #"{at: "09:00", every: 24h, duration: 2h, onChange: off}"#,
    defender: String = #"{at: "10:00", every: 24h, duration: 1h}"#,
    score: String = #"{at: "00:00", every: 8h}"#,
    timeZone: String = "UTC"
) -> Schedule {
    schedule("timeZone: \(timeZone)\npolicy: \(policy)\ndefender: \(defender)\nscore: \(score)\n")
}
