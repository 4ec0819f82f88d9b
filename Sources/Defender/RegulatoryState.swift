/// The state Defender's regulatory compliance API gives a standard, a control and an assessment
/// (`Microsoft.Security` 2019-01-01-preview, `regulatoryCompliance.json`).
///
/// Each level aggregates the one below by the same rule, read from the spec's enum descriptions:
/// Failed when one supported member failed; otherwise Passed when one passed (skipped members do not
/// fail a control); otherwise Skipped when the supported members were all skipped; Unsupported when
/// there is no supported member at all. Members in the Unsupported state are not "supported".
package enum RegulatoryState: String, Sendable, Equatable, CaseIterable {
    case passed = "Passed"
    case failed = "Failed"
    case skipped = "Skipped"
    case unsupported = "Unsupported"

    /// The state of a parent whose members are counted per state.
    package static func aggregate(passed: Int, failed: Int, skipped: Int) -> RegulatoryState {
        failed > 0 ? .failed : passed > 0 ? .passed : skipped > 0 ? .skipped : .unsupported
    }
}

/// How many members of a standard, control or assessment are in each state.
package struct RegulatoryCounts: Sendable, Equatable {
    package var passed = 0
    package var failed = 0
    package var skipped = 0
    package var unsupported = 0

    package init() {}

    /// Counts the states of these members.
    package init(_ states: some Sequence<RegulatoryState>) {
        for state in states { add(state) }
    }

    /// Counts one more member.
    package mutating func add(_ state: RegulatoryState) {
        switch state {
        case .passed: passed += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        case .unsupported: unsupported += 1
        }
    }

    /// The aggregate state of the counted members (`RegulatoryState.aggregate`).
    package var state: RegulatoryState { .aggregate(passed: passed, failed: failed, skipped: skipped) }

    /// Every counted member.
    package var total: Int { passed + failed + skipped + unsupported }
}
