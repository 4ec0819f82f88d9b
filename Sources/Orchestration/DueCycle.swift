import Foundation
import History
import Scheduling

/// A cycle the runner is to execute.
package struct DueCycle: Sendable, Hashable, Comparable {
    package var kind: Cycle.Kind
    package var start: Date
    package var visibleAt: Date
    /// For a change cycle: the tenant version whose changes it re-evaluates.
    package var version: Int?

    package init(kind: Cycle.Kind, start: Date, visibleAt: Date, version: Int? = nil) {
        self.kind = kind
        self.start = start
        self.visibleAt = visibleAt
        self.version = version
    }

    /// Visibility order: results visible first are recorded first; ties go policy, Defender, score.
    package static func < (a: DueCycle, b: DueCycle) -> Bool {
        (a.visibleAt, a.kind.tieOrder, a.start) < (b.visibleAt, b.kind.tieOrder, b.start)
    }

    var key: CycleKey { CycleKey(kind: kind, start: start) }
}

extension Cycle.Kind {
    /// The history kind of a scheduled cycle.
    init(_ kind: CycleKind) {
        switch kind {
        case .policy: self = .policy
        case .defender: self = .defender
        case .score: self = .score
        }
    }
}
