import Defender
import Foundation
import History
import JSONCore
import PolicyModel
import Scheduling

/// What Azure would have shown at each cycle of a modelled history, in Azure's own shapes: after
/// every standard policy cycle the policy states (`az policy state list`), after every Defender
/// cycle the assessments (the REST `assessments` list), after every score computation the secure
/// scores and their controls. The files and `observed-cycles.json` (the order to ingest them in,
/// with each cycle's instants) go into one folder.
///
/// Azure stamps every state it evaluates, so each exported state's `timestamp` lies in its cycle's
/// window `[start, visibleAt]`, spread by a hash of the pair; an assessment's `statusChangeDate`
/// lies in the window of the Defender cycle that changed it, spread by a hash of the pair and that
/// cycle (so one resource that changes every day is not dated at the same minute every day, which
/// would show a quiet tenant's Defender window narrower than it is). With `jitterMinutes`, each cycle is
/// moved by a seeded offset in `[-jitter, +jitter]` minutes, as real cycles wander (same seed,
/// same files).
package struct ObservedExport {
    /// One exported cycle: its kind, jittered instants and files (relative to the folder).
    package struct Entry: Sendable, Equatable {
        package var kind: Cycle.Kind
        package var start: Date
        package var visibleAt: Date
        package var files: [String]
    }

    package let jitterMinutes: Int
    package let seed: UInt64

    /// `jitterMinutes`: 0 to 180.
    package init(jitterMinutes: Int = 0, seed: UInt64 = 1) {
        self.jitterMinutes = max(0, min(jitterMinutes, 180))
        self.seed = seed
    }

    /// Writes every cycle of `store` (a modelled history) into `directory`, which must exist.
    @discardableResult
    package func write(_ store: any HistoryReading, into directory: URL) throws -> [Entry] {
        let catalog =
            try store.lastCycle()?.tenantVersion.map { version in
                RecommendationCatalog(tenant: try store.snapshot(version: version).tenant())
            } ?? RecommendationCatalog(tenant: Tenant())
        let shapes = AzureShapes(catalog: catalog)
        let cycles = try store.cycles().filter { [.policy, .defender, .score].contains($0.kind) }
        var windows: [Double: (offset: Double, duration: Double)] = [:]
        for cycle in cycles where cycle.kind == .defender {
            windows[cycle.start.timeIntervalSince1970] = (offset(cycle), cycle.visibleAt.timeIntervalSince(cycle.start))
        }
        var entries: [Entry] = []
        for cycle in cycles {
            let shift = offset(cycle)
            let start = cycle.start.addingTimeInterval(shift)
            let duration = cycle.visibleAt.timeIntervalSince(cycle.start)
            let name = String(format: "%05d-", cycle.seq)
            var files: [(String, JSONValue)] = []
            switch cycle.kind {
            case .policy:
                let states = try store.policyResults(asOfCycle: cycle.seq).states.map { state in
                    var stamped = state
                    let pair =
                        state.resourceId.key + "|" + state.policyAssignmentId.key + "|"
                        + (state.policyDefinitionReferenceId ?? "")
                    stamped.timestamp = start.addingTimeInterval((Self.fraction(pair) * duration).rounded())
                    return stamped.json()
                }
                files.append((name + "policystates.json", ["value": .array(states)]))
            case .defender:
                let assessments = try store.assessments(asOfCycle: cycle.seq).map { assessment in
                    var moved = assessment
                    let pair = assessment.resourceId.key + "|" + assessment.key
                    moved.statusChangeDate = Self.moved(assessment.statusChangeDate, pair: pair, windows: windows)
                    moved.firstEvaluationDate = Self.moved(assessment.firstEvaluationDate, pair: pair, windows: windows)
                    return shapes.json(moved)
                }
                files.append((name + "assessments.json", ["value": .array(assessments)]))
            case .score:
                let scores = try store.scores(cycles: [cycle.seq])[cycle.seq] ?? []
                let scope = { (s: SubscriptionScore) in "/subscriptions/" + s.subscriptionId }
                files.append(
                    (
                        name + "securescores.json",
                        [
                            "value": .array(
                                scores.map { shapes.secureScore(scope: scope($0), score: $0.score, weight: $0.weight) })
                        ]
                    ))
                files.append(
                    (
                        name + "securescorecontrols.json",
                        [
                            "value": .array(
                                scores.flatMap { s in s.controls.map { shapes.secureScoreControl(scope: scope(s), $0) }
                                })
                        ]
                    ))
            default: continue
            }
            for (file, value) in files {
                try Data(JSONWriter().string(value).utf8).write(
                    to: directory.appendingPathComponent(file), options: .atomic)
            }
            entries.append(
                Entry(
                    kind: cycle.kind, start: start, visibleAt: cycle.visibleAt.addingTimeInterval(shift),
                    files: files.map(\.0)))
        }
        entries.sort { ($0.visibleAt, $0.kind.tieOrder) < ($1.visibleAt, $1.kind.tieOrder) }
        let manifest: JSONValue = .array(
            entries.map { entry in
                [
                    "kind": .string(entry.kind.rawValue), "start": .string(ISO8601.format(entry.start)),
                    "visibleAt": .string(ISO8601.format(entry.visibleAt)),
                    "files": .array(entry.files.map(JSONValue.string)),
                ]
            })
        try Data(JSONWriter().string(manifest).utf8).write(
            to: directory.appendingPathComponent("observed-cycles.json"), options: .atomic)
        return entries
    }

    /// The cycle's seeded offset in seconds (whole minutes), 0 without jitter.
    func offset(_ cycle: Cycle) -> Double {
        guard jitterMinutes > 0 else { return 0 }
        var generator = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: cycle.seq) &* 0x9E37_79B9_7F4A_7C15))
        let minutes = (generator.unit() * 2 - 1) * Double(jitterMinutes)
        return minutes.rounded() * 60
    }

    /// A date the model set at a Defender cycle's start, moved into that cycle's (jittered) window.
    static func moved(_ date: Date, pair: String, windows: [Double: (offset: Double, duration: Double)]) -> Date {
        guard let window = windows[date.timeIntervalSince1970] else { return date }
        let spread = fraction(pair + "|" + String(Int64(date.timeIntervalSince1970)))
        return date.addingTimeInterval(window.offset + (spread * window.duration).rounded())
    }

    /// A stable fraction in [0, 1) from a text (FNV-1a, 64 bits).
    static func fraction(_ text: String) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Double(hash >> 11) / Double(1 << 53)
    }
}
