import Foundation
import History

/// The recorded cycles of one stage (policy, Defender or score) with the results visible after
/// each, read from the history once per visibility instant.
final class StageHistory<Results> {
    /// The stage's cycles in visibility order.
    let cycles: [Cycle]
    private let load: (Date) throws -> Results
    private var loaded: [Date: Results] = [:]

    init(cycles: [Cycle], load: @escaping (Date) throws -> Results) {
        self.cycles = cycles
        self.load = load
    }

    /// What the first cycle after an instant that changed the subject's results turned out to be.
    enum Search<Change> {
        /// This cycle's results differ from those just before it became visible.
        case found(Cycle, Change)
        /// No cycle of the stage starts at or after the instant within the scenario.
        case noCycle
        /// Every cycle that starts at or after the instant starts at or after the bound too: another
        /// event changed the subject again before any cycle could show this one.
        case superseded
        /// The cycles that could show the event did not change the subject's results.
        case unchanged
    }

    /// The results visible at `instant`, loaded once per cycle visibility instant.
    func results(visibleAt instant: Date) throws -> Results {
        let key = cycles.last(where: { $0.visibleAt <= instant })?.visibleAt ?? .distantPast
        if let results = loaded[key] { return results }
        let results = try load(key)
        loaded[key] = results
        return results
    }

    /// The results just before `cycle`'s became visible, nil before the stage's first cycle.
    func results(before cycle: Cycle) throws -> Results? {
        guard let previous = cycles.last(where: { $0.visibleAt < cycle.visibleAt }) else { return nil }
        return try results(visibleAt: previous.visibleAt)
    }

    /// The first cycle, in visibility order, starting at or after `from` (and before `until`, when
    /// given) whose results `diff` finds changed from those just before it became visible. With
    /// `firstOnly`, only the first such cycle is asked; with `kinds`, only cycles of those kinds.
    func firstChange<Change>(
        from: Date, until: Date? = nil, firstOnly: Bool = false, kinds: Set<Cycle.Kind>? = nil,
        diff: (Results?, Results) -> Change?
    ) throws -> Search<Change> {
        let after = cycles.filter { $0.start >= from && (kinds?.contains($0.kind) ?? true) }
        guard !after.isEmpty else { return .noCycle }
        var asked = false
        for cycle in after where until.map({ cycle.start < $0 }) ?? true {
            asked = true
            if let change = diff(try results(before: cycle), try results(visibleAt: cycle.visibleAt)) {
                return .found(cycle, change)
            }
            if firstOnly { return .unchanged }
        }
        return asked ? .unchanged : .superseded
    }
}
