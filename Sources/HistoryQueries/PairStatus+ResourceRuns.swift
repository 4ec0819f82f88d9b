import History

extension Array where Element == PairStatus {
    /// The runs of consecutive pairs of one resource, as index ranges, in order: an assessment state
    /// is sorted by resource, so each run is one resource's assessments.
    func resourceRuns() -> ResourceRuns { ResourceRuns(state: self) }
}

/// The index ranges of ``Swift/Array/resourceRuns()``.
struct ResourceRuns: Sequence, IteratorProtocol {
    let state: [PairStatus]
    var start = 0

    init(state: [PairStatus]) {
        self.state = state
    }

    mutating func next() -> Range<Int>? {
        guard start < state.count else { return nil }
        let resource = state[start].resource
        var end = start + 1
        while end < state.count, state[end].resource == resource { end += 1 }
        defer { start = end }
        return start..<end
    }
}
