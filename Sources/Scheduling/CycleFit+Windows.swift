import Foundation

/// The changes one observed cycle wrote: when the first and the last of them happened, and how
/// many there were. A cycle that runs from `s` for `d` seconds dates its changes within
/// `[s, s + d]`; with few changes a cycle says little about either figure on its own.
package struct ChangeWindow: Sendable, Equatable {
    package var first: Date
    package var last: Date
    package var count: Int

    package init(first: Date, last: Date, count: Int) {
        self.first = first
        self.last = last
        self.count = count
    }
}

extension CycleFit {
    /// Fits a cycle from the change dates of many runs of it, however few each run holds, taking
    /// the dates of a run as uniform over its window:
    /// - the running time is pooled over the runs with two or more changes: n dates over a window
    ///   of length d span d·(n−1)/(n+1) on average, so d = Σ span ÷ Σ (n−1)/(n+1), free of how the
    ///   start moves from day to day;
    /// - each run's start is then the midpoint of its dates less half of that running time (a run
    ///   with one change included), or, for a run spanning more than it, first − span/(n−1);
    /// - `at` is the circular median of those starts (`fit(starts:durations:every:timeZone:)`).
    ///
    /// Nil when no run has two changes (nothing gives a running time). `durationSpreadMinutes` is
    /// the median distance of the runs' own estimates, span·(n+1)/(n−1), from the pooled one.
    package static func fit(windows: [ChangeWindow], every: Int, timeZone: TimeZone) -> CycleFit? {
        let spanning = windows.filter { $0.count >= 2 && $0.last >= $0.first }
        let spans = spanning.reduce(0.0) { $0 + $1.last.timeIntervalSince($1.first) }
        let weights = spanning.reduce(0.0) { $0 + Double($1.count - 1) / Double($1.count + 1) }
        guard weights > 0, spans.isFinite else { return nil }
        let duration = spans / weights
        let starts = windows.filter { $0.count >= 1 && $0.last >= $0.first }.map { w -> Date in
            let span = w.last.timeIntervalSince(w.first)
            guard span <= duration else { return w.first.addingTimeInterval(-span / Double(w.count - 1)) }
            return w.first.addingTimeInterval((span - duration) / 2)
        }
        let own = spanning.map { w in w.last.timeIntervalSince(w.first) * Double(w.count + 1) / Double(w.count - 1) }
        guard var fit = Self.fit(starts: starts, durations: [duration], every: every, timeZone: timeZone) else {
            return nil
        }
        fit.durationSpreadMinutes = median(own.map { abs($0 - duration) / 60 })
        return fit
    }
}
