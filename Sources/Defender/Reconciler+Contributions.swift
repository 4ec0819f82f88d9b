import PolicyModel

extension Reconciler {
    /// What one input row adds to a resource's verdicts, by its index in `DefenderInput`.
    enum Contribution {
        case state(Int)
        case disabled(Int)
        case finding(Int)
    }

    /// The rows of a `DefenderInput` ordered by lower-cased resource id; rows of one resource keep their
    /// input order, states first, then disabled pairs, then findings: the first row of a pair names
    /// the verdict's resource and subscription.
    struct Contributions {
        /// A row's resource (lower-cased id) and what it adds.
        typealias Entry = (resource: String, contribution: Contribution)
        private var entries: [Entry] = []

        init(_ input: DefenderInput) {
            entries.reserveCapacity(input.states.count + input.disabled.count + input.findings.count)
            for (i, state) in input.states.enumerated() { entries.append((state.resourceId.key, .state(i))) }
            for (i, disabled) in input.disabled.enumerated() {
                entries.append((disabled.resourceId.key, .disabled(i)))
            }
            for (i, finding) in input.findings.enumerated() { entries.append((finding.resourceId.key, .finding(i))) }
            // The sort is stable: a resource's rows keep their order.
            entries.sort { $0.resource < $1.resource }
        }

        /// How many rows there are.
        var count: Int { entries.count }

        /// Calls `body` with the rows of each resource, in ascending resource order.
        func forEachResource(_ body: (LazyMapSequence<ArraySlice<Entry>, Contribution>) -> Void) {
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count, entries[end].resource == entries[start].resource { end += 1 }
                body(entries[start..<end].lazy.map(\.contribution))
                start = end
            }
        }
    }

    /// The previous cycle's assessments in pair order, read forward as the cycle's pairs come in
    /// ascending order: of two assessments of one pair, the first in input order counts.
    struct PreviousAssessments {
        private let assessments: [Assessment]
        private var order: [Int]
        private var position = 0

        init(_ assessments: [Assessment]) {
            self.assessments = assessments
            order = Array(assessments.indices)
            order.sort { assessments[$0].pairKey < assessments[$1].pairKey }
        }

        /// The previous assessment of `pair`, which is at or after every pair asked before; nil when none.
        mutating func next(_ pair: Assessment.PairKey) -> Assessment? {
            while position < order.count, assessments[order[position]].pairKey < pair { position += 1 }
            guard position < order.count, assessments[order[position]].pairKey == pair else { return nil }
            return assessments[order[position]]
        }
    }

    /// The description of an `Exempt` assessment, made once per exemption: thousands of assessments
    /// share one exemption's.
    struct ExemptDescriptions {
        private var byExemption: [Key: String] = [:]

        /// An exemption as its description reads it: the id as written, and the category.
        private struct Key: Hashable {
            let id: String
            let category: PolicyExemption.Category
        }

        mutating func of(_ exemption: PolicyState.ExemptionReference) -> String {
            let key = Key(id: exemption.id.rawValue, category: exemption.category)
            if let known = byExemption[key] { return known }
            let text = "Exempt (\(exemption.category.rawValue)) by policy exemption '\(exemption.id.name)'"
            byExemption[key] = text
            return text
        }
    }
}
