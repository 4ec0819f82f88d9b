import Defender
import Foundation
import History
import PolicyModel

extension HistoryReading {
    /// The score delta between two instants, from what was visible at each: the score computation
    /// visible then, and the Defender cycle it read. `subscriptions` (lower-cased ids) narrows it
    /// to a scope; `model` supplies the recommendations and controls (default: the tenant version
    /// the second instant's Defender cycle used). Mitigated exemptions count as the tenant version
    /// of the second instant's score computation had it (`settings.json`), as its stored score did;
    /// when the first instant's computation had the other setting, the move that the change of
    /// setting made is left in `unexplainedUnits`.
    package func scoreDelta(from start: Date, to end: Date, subscriptions: Set<String>? = nil, model: ScoreModel? = nil)
        throws -> ScoreDelta
    {
        let from = try scoreSide(at: start, subscriptions: subscriptions)
        let to = try scoreSide(at: end, subscriptions: subscriptions)
        let fromSeq = from.defenderCycle?.seq ?? 0
        let toSeq = to.defenderCycle?.seq ?? 0
        var moves = try assessmentMoves(fromCycle: min(fromSeq, toSeq), toCycle: max(fromSeq, toSeq))
        if fromSeq > toSeq { moves = moves.reversed() }
        if let subscriptions { moves.keepSubscriptions { subscriptions.contains($0.lowercased()) } }
        let catalog =
            try model?.catalog
            ?? ScoreModel.catalog(
                store: self,
                version: try tenantVersion(behind: to.defenderCycle ?? from.defenderCycle, at: end))
        let appearing = moves.resources.filter { r in
            moves.pairs[r.pairs].contains { $0.moved && !($0.before.exists && $0.after.exists) }
        }
        let (fromVersion, toVersion) = (from.defenderCycle?.tenantVersion, to.defenderCycle?.tenantVersion)
        let existing = try existingResources(
            appearing.map(\.id), versions: Set([fromVersion, toVersion].compactMap { $0 }))
        var existedBefore = fromVersion.flatMap { existing[$0] } ?? []
        var existsAfter = toVersion.flatMap { existing[$0] } ?? []
        if stream == .observed {
            // What Azure showed says nothing of the tenant: a resource exists on a side where it has
            // any assessment (all its pairs appearing: new; all disappearing: deleted).
            for r in appearing {
                let pairs = moves.pairs[r.pairs]
                if pairs.contains(where: \.before.exists) { existedBefore.insert(r.id.key) }
                if pairs.contains(where: \.after.exists) { existsAfter.insert(r.id.key) }
            }
        }
        return ScoreDelta.replay(
            from: from, to: to, moves: moves, catalog: catalog,
            existedBefore: { existedBefore.contains($0.key) }, existsAfter: { existsAfter.contains($0.key) },
            visibility: Dictionary(uniqueKeysWithValues: try cycles().map { ($0.seq, $0.visibleAt) }),
            mitigated: try mitigatedExemptions(version: to.scoreCycle?.tenantVersion ?? from.scoreCycle?.tenantVersion))
    }

    /// The tenant version a cycle read; for an observed cycle (which reads none), the version
    /// recorded at `instant`, when the history keeps one, for its recommendations and controls.
    package func tenantVersion(behind cycle: Cycle?, at instant: Date) throws -> Int? {
        if let version = cycle?.tenantVersion { return version }
        return stream == .observed ? try tenantVersion(at: instant)?.version : nil
    }

    /// The score visible at `instant` and the Defender cycle behind it. On observed data with no
    /// score visible yet (assessments ingested, no scores), the Defender cycle visible then, so that
    /// its changes are listed (their points are not known).
    func scoreSide(at instant: Date, subscriptions: Set<String>?) throws -> ScoreDelta.Side {
        guard let (cycle, scores) = try scores(visibleAt: instant) else {
            let defender = stream == .observed ? try latestCycle(of: [.defender], visibleAt: instant) : nil
            return ScoreDelta.Side(instant: instant, scoreCycle: nil, defenderCycle: defender, scores: [])
        }
        let defender = try latestCycle(of: [.defender], visibleAt: cycle.start)
        let kept =
            subscriptions.map { keep in scores.filter { keep.contains($0.subscriptionId.lowercased()) } } ?? scores
        return ScoreDelta.Side(instant: instant, scoreCycle: cycle, defenderCycle: defender, scores: kept)
    }

    /// Per version, the keys of those resources (or subscriptions and resource groups) that existed in it.
    private func existingResources(_ ids: [ResourceID], versions: Set<Int>) throws -> [Int: Set<String>] {
        guard !ids.isEmpty else { return [:] }
        let keys = ids.flatMap {
            [TenantSnapshot.Key(kind: .resource, id: $0.key), TenantSnapshot.Key(kind: .container, id: $0.key)]
        }
        return try existing(keys, inVersions: versions).mapValues { Set($0.map(\.id)) }
    }
}
