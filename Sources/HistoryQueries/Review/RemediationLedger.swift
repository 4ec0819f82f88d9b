import Foundation
import History

/// Time to remediate, from the assessment change log: every stretch during which an assessment
/// was Unhealthy, from the Defender cycle that showed it Unhealthy to the one that showed it
/// Healthy. A stretch that ends otherwise (exempted, disabled, the resource deleted, the
/// recommendation no longer assessing it) is not a remediation and is not counted. A stretch
/// already open at the history's first Defender cycle starts there (the log knows no earlier).
struct RemediationLedger {
    /// One team's month.
    struct Team {
        /// High-severity assessments Unhealthy at the review's instant.
        var openHighSeverity = 0
        /// High-severity assessments remediated (Unhealthy → Healthy) during the month.
        var closedHighSeverity = 0
        /// Days each assessment remediated during the month (any severity) stayed Unhealthy.
        var daysToRemediate: [Double] = []
    }

    /// By team name, the teams with any Unhealthy assessment in the month.
    var teams: [String: Team] = [:]

    /// An empty ledger (no Defender cycle visible yet).
    init() {}

    /// Walks the log up to Defender cycle `through` (the one visible at the review's instant);
    /// `visibility` dates the cycles; remediations count when shown at or after `monthStart`.
    init(
        store: any HistoryReading, through: Int, visibility: [Int: Date], monthStart: Date, context: inout PairContext
    ) throws {
        var open: [UInt64: Date] = [:]
        var teams: [String: Team] = [:]
        try store.forEachAssessmentChange(throughCycle: through) { seq, changes in
            guard let shown = visibility[seq] else { return }
            for change in changes {
                let pair = UInt64(change.resource) << 32 | UInt64(change.key)
                if change.after.isUnhealthy, !change.before.isUnhealthy {
                    open[pair] = shown
                } else if change.before.isUnhealthy, !change.after.isUnhealthy {
                    let opened = open.removeValue(forKey: pair)
                    guard change.after.isHealthy, shown >= monthStart, let opened else { continue }
                    let team = context.teams[context.team(resource: change.resource, key: change.key)]
                    teams[team, default: Team()].daysToRemediate.append(shown.timeIntervalSince(opened) / 86_400)
                    if context.info(change.key).severity == "High" {
                        teams[team, default: Team()].closedHighSeverity += 1
                    }
                }
            }
        }
        for pair in open.keys {
            let (resource, key) = (Int64(pair >> 32), Int64(pair & 0xFFFF_FFFF))
            guard context.info(key).severity == "High" else { continue }
            teams[context.teams[context.team(resource: resource, key: key)], default: Team()].openHighSeverity += 1
        }
        self.teams = teams
    }

    /// The median of `values` (the mean of the two middle ones for an even count); nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
