/// The three kinds of scheduled work.
///
/// The raw value is the name stored in history (`cycles.kind`). At the same instant the kinds run in
/// the order `policy`, `defender`, `score`: each one reads what the one before it may have made visible.
package enum CycleKind: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// An Azure Policy evaluation cycle: writes policy states.
    case policy
    /// A Defender for Cloud assessment cycle: turns visible policy states into assessments.
    case defender
    /// A secure score computation from the visible assessments.
    case score

    /// The tie-break rank at one instant: policy 0, defender 1, score 2.
    package var rank: Int {
        switch self {
        case .policy: 0
        case .defender: 1
        case .score: 2
        }
    }

    package static func < (lhs: CycleKind, rhs: CycleKind) -> Bool { lhs.rank < rhs.rank }

    package var description: String { rawValue }
}
