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
    /// Two range reads on the key, each row packed by SQLite into two integers: the rows valid
    /// after `from` (`from_seq` ≤ `from`, not ended by then), and the rows that started between the
    /// two cycles. Sorted by (resource, key), they are walked side by side; what was valid after
    /// `to` follows from them. The cost is the tenant's size plus the period's changes, never a
    /// lookup per row.
    public func assessmentTransitions(fromCycle from: Int, toCycle to: Int) throws -> [ResourceTransition] {
        precondition(from <= to, "cycles in order")
        guard from < to else { return [] }
        return try queue.read { db in
            var valid: [(pair: UInt64, row: PackedRow)] = []
            let first = try Row.fetchCursor(
                db,
                sql: "SELECT \(PackedRow.columns) FROM assessments WHERE from_seq <= ?1 AND (to_seq IS NULL OR to_seq > ?1)",
                arguments: [from])
            while let row = try first.next() { valid.append((UInt64(bitPattern: row[0]), PackedRow(bits: row[1]))) }
            var started: [(pair: UInt64, row: PackedRow, start: Int)] = []
            let second = try Row.fetchCursor(
                db,
                sql: "SELECT \(PackedRow.columns), from_seq FROM assessments WHERE from_seq > ?1 AND from_seq <= ?2",
                arguments: [from, to])
            while let row = try second.next() { started.append((UInt64(bitPattern: row[0]), PackedRow(bits: row[1]), row[2])) }
            valid.sort { $0.pair < $1.pair }
            started.sort { ($0.pair, $0.start) < ($1.pair, $1.start) }
            let records = Self.walk(valid, started, to: to)
            var touched = Set<Int64>()
            for record in records where record.before != record.after { touched.insert(Int64(record.pair >> 32)) }
            guard !touched.isEmpty else { return [] }
            return try Self.transitions(db, touched: touched, records: records)
        }
    }

    /// One (resource, key) between the two cycles: its status after each (nil: no assessment) and
    /// the cycle of its last move.
    private struct PairRecord {
        var pair: UInt64
        var before: UInt64?
        var after: UInt64?
        var movedIn: Int?
    }

    /// Walks the rows valid after `from` and the rows started since, both sorted by pair.
    private static func walk(
        _ valid: [(pair: UInt64, row: PackedRow)], _ started: [(pair: UInt64, row: PackedRow, start: Int)], to: Int
    ) -> [PairRecord] {
        var records: [PairRecord] = []
        records.reserveCapacity(valid.count + started.count / 2)
        var i = 0
        var j = 0
        while i < valid.count || j < started.count {
            let pair = min(i < valid.count ? valid[i].pair : .max, j < started.count ? started[j].pair : .max)
            var record = PairRecord(pair: pair)
            var ended = 0
            if i < valid.count, valid[i].pair == pair {
                let row = valid[i].row
                record.before = row.status
                if let end = row.end, end <= to { ended = end } else { record.after = row.status }
                i += 1
            }
            while j < started.count, started[j].pair == pair {
                let row = started[j].row
                if let end = row.end, end <= to {
                    ended = max(ended, end)
                } else {
                    record.after = row.status
                    record.movedIn = started[j].start
                }
                j += 1
            }
            if record.movedIn == nil, record.after == nil, ended > 0 { record.movedIn = ended }
            records.append(record)
        }
        return records
    }

    /// Builds the transitions of the touched resources from their records, with ids, subscriptions and texts.
    private static func transitions(_ db: Database, touched: Set<Int64>, records: [PairRecord]) throws -> [ResourceTransition] {
        let texts = try Dictionaries.texts(db)
        func text(_ id: Int64) throws -> String {
            guard let text = texts[id] else { throw HistoryError("assessments refers to text \(id), which is not in the dictionary") }
            return text
        }
        var names: [Int64: (id: String, subscription: String)] = [:]
        let resources = try Row.fetchCursor(db, sql: "SELECT id, resource_id, subscription_id FROM resources")
        while let row = try resources.next() {
            let id: Int64 = row[0]
            if touched.contains(id) { names[id] = (row[1], row[2]) }
        }
        var result: [ResourceTransition] = []
        result.reserveCapacity(touched.count)
        var index = 0
        while index < records.count {
            let resource = Int64(records[index].pair >> 32)
            var end = index
            while end < records.count, Int64(records[end].pair >> 32) == resource { end += 1 }
            defer { index = end }
            guard touched.contains(resource) else { continue }
            guard let name = names[resource] else { throw HistoryError("assessments refers to resource \(resource), which is not in resources") }
            var before: [String: AssessmentStatus] = [:]
            var after: [String: AssessmentStatus] = [:]
            var movedIn: [String: Int] = [:]
            for record in records[index..<end] {
                let key = try text(Int64(record.pair & 0xFFFF_FFFF))
                if let status = record.before { before[key] = try PackedRow.decode(status, text) }
                if let status = record.after { after[key] = try PackedRow.decode(status, text) }
                if let seq = record.movedIn { movedIn[key] = seq }
            }
            let transition = ResourceTransition(
                resourceId: ResourceID(name.id), subscriptionId: name.subscription, before: before, after: after, movedIn: movedIn)
            if !transition.changedKeys.isEmpty { result.append(transition) }
        }
        return result.sorted { $0.resourceId.key < $1.resourceId.key }
    }
}

/// An assessment row as two integers that SQLite computes: (resource, key) as `resource << 32 | key`,
/// and the rest as bits — status (0 healthy, 1 unhealthy, 2 not applicable) in bits 0–1, exemption
/// category (0 none, 1 Waiver, 2 Mitigated) in bits 2–3, the cause's text id in bits 4–35, and the
/// cycle that ended the row from bit 36 (0: still open). The scans hold hundreds of thousands.
struct PackedRow {
    var bits: Int64

    static let columns = """
        (resource << 32) | assessment_key,
        (CASE status WHEN 'Healthy' THEN 0 WHEN 'Unhealthy' THEN 1 ELSE 2 END)
        | ((CASE exemption_category WHEN 'Waiver' THEN 1 WHEN 'Mitigated' THEN 2 ELSE 0 END) << 2)
        | (IFNULL(cause, 0) << 4) | (IFNULL(to_seq, 0) << 36)
        """

    /// Status, category and cause: what two rows must share to say the same.
    var status: UInt64 { UInt64(bitPattern: bits) & 0xF_FFFF_FFFF }

    /// The cycle that ended the row, nil while it is open.
    var end: Int? {
        let end = Int(bits >> 36)
        return end == 0 ? nil : end
    }

    static func decode(_ status: UInt64, _ text: (Int64) throws -> String) throws -> AssessmentStatus {
        let cause = Int64(status >> 4)
        let category = (status >> 2) & 3
        return AssessmentStatus(
            status: status & 3 == 0 ? .healthy : status & 3 == 1 ? .unhealthy : .notApplicable,
            cause: cause == 0 ? nil : try text(cause),
            exemptionCategory: category == 1 ? .waiver : category == 2 ? .mitigated : nil)
    }
}
