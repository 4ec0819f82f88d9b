import Defender
import Foundation
import History
import PolicyModel

extension HistoryReading {
    /// The score at every sample instant from `start` to `end`, as visible then, grouped into
    /// series. `subscriptions` (lower-cased ids) narrows it to a scope; `model` supplies names,
    /// controls and owners (default: the newest tenant version).
    package func scoreTrend(
        from start: Date, to end: Date, every interval: ScoreTrend.Interval, by grouping: ScoreTrend.Grouping,
        subscriptions: Set<String>? = nil, model: ScoreModel? = nil
    ) throws -> ScoreTrend {
        let samples = interval.samples(from: start, to: end)
        let cycles = try scoreCycles()
        let visible: [Cycle?] = samples.map { instant in
            var low = 0
            var high = cycles.count
            while low < high {
                let mid = (low + high) / 2
                if cycles[mid].visibleAt <= instant { low = mid + 1 } else { high = mid }
            }
            return low > 0 ? cycles[low - 1] : nil
        }
        let seqs = visible.compactMap { $0?.seq }
        func keep(_ sub: String) -> Bool { subscriptions?.contains(sub.lowercased()) ?? true }
        switch grouping {
        case .total, .subscription:
            let totals = try scoreTotals(cycles: seqs).mapValues { $0.filter { keep($0.subscriptionId) } }
            let perSample = visible.map { cycle in cycle.flatMap { totals[$0.seq] } }
            if grouping == .total {
                return ScoreTrend(
                    samples: samples,
                    series: [
                        .init(
                            key: "total", label: "Secure score",
                            values: perSample.map { $0.flatMap(ScoreTrend.aggregate) })
                    ])
            }
            let names = try (model ?? ScoreModel(store: self, version: tenantVersions().last?.version)).tenant
                .subscriptionNames
            let keys = Set(perSample.flatMap { ($0 ?? []).map { $0.subscriptionId.lowercased() } }).sorted()
            return ScoreTrend(
                samples: samples,
                series: keys.map { key in
                    .init(
                        key: key, label: ScoreModel.subscriptionLabel(key, names: names),
                        values: perSample.map { totals in
                            totals?.first { $0.subscriptionId.lowercased() == key }.map { $0.score.percentage }
                        })
                })
        case .control:
            let scores = try self.scores(cycles: seqs).mapValues { $0.filter { keep($0.subscriptionId) } }
            let pooled = visible.map { cycle in
                cycle.flatMap { scores[$0.seq] }.map { AggregateScore(subscriptions: $0).controls }
            }
            let keys = Set(pooled.flatMap { ($0 ?? []).filter(\.counts).map(\.key) }).sorted()
            return ScoreTrend(
                samples: samples,
                series: keys.map { key in
                    let label = pooled.lazy.compactMap { $0?.first { $0.key == key }?.displayName }.first ?? key
                    return .init(
                        key: key, label: label,
                        values: pooled.map { controls in
                            controls?.first { $0.key == key && $0.counts }.map { $0.score.percentage }
                        })
                })
        case .team:
            return try teamTrend(samples: samples, visible: visible, keep: keep, model: model)
        }
    }

    /// Per team: the assessments the score computation read at each sample, split by owner
    /// (owners.json), as `ScoreCalculator.teamScores` splits them. The assessment states come from
    /// the change log, one sample after the other, so a daily year costs a pass over the
    /// assessments per sample rather than reading every assessment row of each. Mitigated
    /// exemptions count as the tenant version of each sample's score computation had it.
    private func teamTrend(samples: [Date], visible: [Cycle?], keep: (String) -> Bool, model: ScoreModel?) throws
        -> ScoreTrend
    {
        let model = try model ?? ScoreModel(store: self, version: tenantVersions().last?.version)
        let defender = try visible.map { cycle in
            try cycle.flatMap { try latestCycle(of: [.defender], visibleAt: $0.start)?.seq }
        }
        let settings = try mitigatedExemptions(of: visible.compactMap { $0 })
        let reading = visible.map { cycle in cycle.flatMap { settings[$0.seq] } ?? .healthy }
        var readings: [Int: Set<MitigatedExemptions>] = [:]
        for case (let seq?, let mitigated) in zip(defender, reading) { readings[seq, default: []].insert(mitigated) }
        var tally = TeamTally(
            catalog: model.catalog, ownership: model.tenant.ownership, classes: try resourceClasses(),
            texts: try assessmentTexts(), keep: keep)
        var byCycle: [Int: [MitigatedExemptions: [String: Double]]] = [:]
        try forEachAssessmentState(afterCycles: readings.keys.sorted()) { cycle, state in
            for mitigated in readings[cycle] ?? [] {
                byCycle[cycle, default: [:]][mitigated] = tally.percentages(state, mitigated: mitigated)
            }
        }
        let perSample = zip(defender, reading).map { seq, mitigated in seq.flatMap { byCycle[$0]?[mitigated] } ?? [:] }
        let keys = Set(perSample.flatMap(\.keys)).sorted()
        return ScoreTrend(
            samples: samples, series: keys.map { key in .init(key: key, label: key, values: perSample.map { $0[key] }) }
        )
    }
}
