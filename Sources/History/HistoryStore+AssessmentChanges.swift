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

    /// The keys whose assessment differs (appeared, disappeared or changed), sorted.
    public let changedKeys: [String]

    public init(
        resourceId: ResourceID, subscriptionId: String, before: [String: AssessmentStatus], after: [String: AssessmentStatus],
        movedIn: [String: Int] = [:]
    ) {
        self.resourceId = resourceId
        self.subscriptionId = subscriptionId
        self.before = before
        self.after = after
        self.movedIn = movedIn
        changedKeys = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }
}

extension HistoryStore {
    /// The resources whose assessments differ between cycle `from` and cycle `to` (`from` ≤ `to`),
    /// with all their assessments after each, sorted by resource.
    ///
    /// Two range reads on the key: the rows valid after `from` (`from_seq` ≤ `from`, not ended by
    /// then), and the rows that started between the two cycles. What was valid after `to` follows
    /// from them, so the cost is the tenant's size plus the period's changes, never a lookup per row.
    public func assessmentTransitions(fromCycle from: Int, toCycle to: Int) throws -> [ResourceTransition] {
        precondition(from <= to, "cycles in order")
        guard from < to else { return [] }
        return try queue.read { db in
            var before: [UInt64: PackedStatus] = [:]
            var endedBy: [UInt64: Int] = [:]  // rows valid after `from` that ended by `to`
            let first = try Row.fetchCursor(
                db,
                sql: """
                    SELECT resource, assessment_key, to_seq, \(PackedStatus.columns) FROM assessments
                    WHERE from_seq <= ?1 AND (to_seq IS NULL OR to_seq > ?1)
                    """,
                arguments: [from])
            while let row = try first.next() {
                let pair = Self.pair(row[0], row[1])
                before[pair] = PackedStatus(row, at: 3)
                if let end: Int = row[2], end <= to { endedBy[pair] = end }
            }
            var after: [UInt64: PackedStatus] = [:]
            var movedIn: [UInt64: Int] = [:]
            let second = try Row.fetchCursor(
                db,
                sql: """
                    SELECT from_seq, resource, assessment_key, to_seq, \(PackedStatus.columns) FROM assessments
                    WHERE from_seq > ?1 AND from_seq <= ?2
                    """,
                arguments: [from, to])
            while let row = try second.next() {
                let pair = Self.pair(row[1], row[2])
                let start: Int = row[0]
                if let end: Int = row[3], end <= to {
                    if after[pair] == nil { movedIn[pair] = max(movedIn[pair] ?? 0, end) }
                } else {
                    after[pair] = PackedStatus(row, at: 4)
                    movedIn[pair] = start
                }
            }
            for (pair, end) in endedBy where after[pair] == nil { movedIn[pair] = max(movedIn[pair] ?? 0, end) }
            // A pair valid after `from` and not ended by `to` is unchanged; the rest compare.
            var touched = Set<Int64>()
            for (pair, status) in before where endedBy[pair] != nil && after[pair] != status { touched.insert(Int64(pair >> 32)) }
            for (pair, status) in after where before[pair] != status { touched.insert(Int64(pair >> 32)) }
            guard !touched.isEmpty else { return [] }
            return try Self.transitions(db, touched: touched, before: before, endedBy: endedBy, after: after, movedIn: movedIn)
        }
    }

    /// Builds the transitions of the touched resources, with their ids, subscriptions and texts.
    private static func transitions(
        _ db: Database, touched: Set<Int64>, before: [UInt64: PackedStatus], endedBy: [UInt64: Int],
        after: [UInt64: PackedStatus], movedIn: [UInt64: Int]
    ) throws -> [ResourceTransition] {
        let texts = try Dictionaries.texts(db)
        func text(_ id: Int64) throws -> String {
            guard let text = texts[id] else { throw HistoryError("assessments refers to text \(id), which is not in the dictionary") }
            return text
        }
        typealias Parts = (before: [String: AssessmentStatus], after: [String: AssessmentStatus], movedIn: [String: Int])
        var parts: [Int64: Parts] = [:]
        for resource in touched { parts[resource] = ([:], [:], [:]) }
        for (pair, status) in before {
            let resource = Int64(pair >> 32)
            guard parts[resource] != nil else { continue }
            let key = try text(Int64(pair & 0xFFFF_FFFF))
            let decoded = try status.decode(text)
            parts[resource]!.before[key] = decoded
            if endedBy[pair] == nil { parts[resource]!.after[key] = decoded }
        }
        for (pair, status) in after {
            let resource = Int64(pair >> 32)
            guard parts[resource] != nil else { continue }
            parts[resource]!.after[try text(Int64(pair & 0xFFFF_FFFF))] = try status.decode(text)
        }
        for (pair, seq) in movedIn {
            let resource = Int64(pair >> 32)
            guard parts[resource] != nil else { continue }
            parts[resource]!.movedIn[try text(Int64(pair & 0xFFFF_FFFF))] = seq
        }
        var result: [ResourceTransition] = []
        result.reserveCapacity(touched.count)
        let resources = try Row.fetchCursor(db, sql: "SELECT id, resource_id, subscription_id FROM resources")
        while let row = try resources.next() {
            guard let p = parts[row[0]] else { continue }
            let transition = ResourceTransition(resourceId: ResourceID(row[1]), subscriptionId: row[2], before: p.before, after: p.after, movedIn: p.movedIn)
            if !transition.changedKeys.isEmpty { result.append(transition) }
        }
        return result.sorted { $0.resourceId.key < $1.resourceId.key }
    }

    /// (resource, assessment key) in one integer: both are row ids below 2³².
    private static func pair(_ resource: Int64, _ key: Int64) -> UInt64 { UInt64(resource) << 32 | UInt64(key) }
}

/// An assessment row's status, cause and exemption category as small integers, as read (SQLite
/// maps the texts): the interval scans hold hundreds of thousands of them.
struct PackedStatus: Equatable {
    var status: UInt8
    var category: UInt8
    var cause: Int64

    /// The columns that `init(_:at:)` reads: status (0 healthy, 1 unhealthy, 2 not applicable),
    /// cause (text id, 0 for none), category (0 none, 1 Waiver, 2 Mitigated).
    static let columns = """
        CASE status WHEN 'Healthy' THEN 0 WHEN 'Unhealthy' THEN 1 ELSE 2 END, IFNULL(cause, 0),
        CASE exemption_category WHEN 'Waiver' THEN 1 WHEN 'Mitigated' THEN 2 ELSE 0 END
        """

    init(_ row: Row, at index: Int) {
        status = UInt8(truncatingIfNeeded: row[index] as Int64)
        cause = row[index + 1]
        category = UInt8(truncatingIfNeeded: row[index + 2] as Int64)
    }

    func decode(_ text: (Int64) throws -> String) throws -> AssessmentStatus {
        AssessmentStatus(
            status: status == 0 ? .healthy : status == 1 ? .unhealthy : .notApplicable, cause: cause == 0 ? nil : try text(cause),
            exemptionCategory: category == 1 ? .waiver : category == 2 ? .mitigated : nil)
    }
}
