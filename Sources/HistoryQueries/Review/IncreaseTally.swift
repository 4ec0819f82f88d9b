import Defender
import History

/// `ScoreCalculator.potentialIncreases` computed from assessment states in integers, with the
/// teams owning each recommendation's Unhealthy resources: fixing a recommendation turns healthy
/// only the resources with no other Unhealthy recommendation in the control; the points are the
/// control's max × those resources / the control's assessed resources (the stored score's weight).
enum IncreaseTally {
    /// One recommendation in one subscription worth points, and who owns its Unhealthy resources.
    struct Row {
        var increase: PotentialIncrease
        /// Owning teams, most Unhealthy resources first.
        var teams: [String]
    }

    static func rows(_ state: [PairStatus], scores: [SubscriptionScore], context: inout PairContext) -> [Row] {
        struct Cell: Hashable {
            var sub: String
            var control: String
            var key: Int64
        }
        var affected: [Cell: Int] = [:]
        var fixed: [Cell: Int] = [:]
        var owners: [Cell: [Int: Int]] = [:]
        var unhealthy: [(key: Int64, control: String)] = []
        for run in state.resourceRuns() {
            let resource = state[run.lowerBound].resource
            guard let sub = context.subscription(resource) else { continue }
            unhealthy.removeAll(keepingCapacity: true)
            for pair in state[run] where pair.code.scored == .unhealthy {
                if let control = context.info(pair.key).control { unhealthy.append((pair.key, control)) }
            }
            for entry in unhealthy {
                let cell = Cell(sub: sub, control: entry.control, key: entry.key)
                affected[cell, default: 0] += 1
                owners[cell, default: [:]][context.team(resource: resource, key: entry.key), default: 0] += 1
                if unhealthy.lazy.filter({ $0.control == entry.control }).count == 1 { fixed[cell, default: 0] += 1 }
            }
        }
        let byId = Dictionary(scores.map { ($0.subscriptionId.lowercased(), $0) }) { a, _ in a }
        var rows: [Row] = []
        for (cell, count) in affected {
            guard let subscription = byId[cell.sub],
                let control = subscription.controls.first(where: { $0.key == cell.control }),
                control.counts
            else { continue }
            let points = control.maxScore * Double(fixed[cell] ?? 0) / Double(control.weight)
            let max = subscription.score.max
            let teams = (owners[cell] ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                context.teams[$0.key]
            }
            rows.append(
                Row(
                    increase: PotentialIncrease(
                        assessmentKey: context.texts[cell.key] ?? "", subscriptionId: cell.sub,
                        controlKey: cell.control,
                        unhealthyResources: count, points: points, ratio: max > 0 ? points / max : 0),
                    teams: teams))
        }
        return rows.sorted {
            ($1.increase.points, $0.increase.assessmentKey, $0.increase.subscriptionId)
                < ($0.increase.points, $1.increase.assessmentKey, $1.increase.subscriptionId)
        }
    }
}
