import Defender
import GRDB
import PolicyModel

/// What an assessment said, as far as the score and its causes are concerned.
public struct AssessmentStatus: Sendable, Hashable {
    public var status: Assessment.Status
    /// `status.cause`: `Exempt`, `OffByPolicy`, …
    public var cause: String?
    public var exemptionCategory: PolicyExemption.Category?

    public init(status: Assessment.Status, cause: String? = nil, exemptionCategory: PolicyExemption.Category? = nil) {
        self.status = status
        self.cause = cause
        self.exemptionCategory = exemptionCategory
    }

    /// What the score makes of it: Mitigated exemptions count healthy.
    public var scoredStatus: Assessment.Status {
        status == .notApplicable && exemptionCategory == .mitigated ? .healthy : status
    }
}

/// One resource with at least one assessment that differs between two Defender cycles: every
/// assessment it had after each of them (by recommendation key), changed or not.
public struct ResourceTransition: Sendable {
    public var resourceId: ResourceID
    public var subscriptionId: String
    public var before: [String: AssessmentStatus]
    public var after: [String: AssessmentStatus]
    /// Per key, the cycle after which its last move between the two cycles showed: the cycle that
    /// started the `after` interval, or ended the `before` one when nothing followed.
    public var movedIn: [String: Int]

    public init(
        resourceId: ResourceID, subscriptionId: String, before: [String: AssessmentStatus], after: [String: AssessmentStatus],
        movedIn: [String: Int] = [:]
    ) {
        self.resourceId = resourceId
        self.subscriptionId = subscriptionId
        self.before = before
        self.after = after
        self.movedIn = movedIn
    }

    /// The keys whose assessment differs (appeared, disappeared or changed), sorted.
    public var changedKeys: [String] {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }
}

extension HistoryStore {
    /// The resources whose assessments differ between cycle `from` and cycle `to` (`from` ≤ `to`),
    /// with all their assessments after each, sorted by resource. Reads only the interval rows
    /// that start or end between the two cycles, then the touched resources' rows.
    public func assessmentTransitions(fromCycle from: Int, toCycle to: Int) throws -> [ResourceTransition] {
        precondition(from <= to, "cycles in order")
        guard from < to else { return [] }
        return try queue.read { db in
            let touched = try Int64.fetchSet(
                db,
                sql: """
                    SELECT resource FROM assessments WHERE from_seq > ?1 AND from_seq <= ?2
                    UNION SELECT resource FROM assessments WHERE to_seq > ?1 AND to_seq <= ?2
                    """,
                arguments: [from, to])
            guard !touched.isEmpty else { return [] }
            let texts = try Dictionaries.texts(db)
            var byResource: [Int64: ResourceTransition] = [:]
            let list = "[" + touched.map(String.init).joined(separator: ",") + "]"
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT a.resource, r.resource_id, r.subscription_id, a.assessment_key, a.from_seq, a.to_seq,
                           a.status, a.cause, a.exemption_category
                    FROM json_each(?3) t JOIN assessments a ON a.resource = t.value JOIN resources r ON r.id = a.resource
                    WHERE a.from_seq <= ?2 AND (a.to_seq IS NULL OR a.to_seq > ?1)
                    """,
                arguments: [from, to, list])
            while let row = try rows.next() {
                let resource: Int64 = row[0]
                let start: Int = row[4]
                let end: Int? = row[5]
                let status = AssessmentStatus(
                    status: Assessment.Status(rawValue: row[6]) ?? .notApplicable,
                    cause: (row[7] as Int64?).flatMap { texts[$0] },
                    exemptionCategory: (row[8] as String?).flatMap(PolicyExemption.Category.init))
                var transition = byResource[resource] ?? ResourceTransition(
                    resourceId: ResourceID(row[1]), subscriptionId: row[2], before: [:], after: [:])
                guard let key = texts[row[3]] else {
                    throw HistoryError("assessments refers to text \(row[3] as Int64), which is not in the dictionary")
                }
                if start <= from, end.map({ $0 > from }) ?? true { transition.before[key] = status }
                if start <= to, end.map({ $0 > to }) ?? true {
                    transition.after[key] = status
                    if start > from { transition.movedIn[key] = start }
                } else if let end, end <= to, transition.after[key] == nil {
                    transition.movedIn[key] = max(transition.movedIn[key] ?? 0, end)
                }
                byResource[resource] = transition
            }
            return byResource.values.filter { !$0.changedKeys.isEmpty }.sorted { $0.resourceId.key < $1.resourceId.key }
        }
    }
}
