import Defender
import Foundation
import PolicyModel

/// What the questions asked of a history read: its tenant versions, its cycles and their results.
/// A store conforms by answering from its own tables (`HistoryStore`, SQLite); the queries
/// (HistoryQueries, Monitoring, Simulation, the commands) read through this protocol only, so a
/// second backend is a second store, not a copy of the queries.
///
/// Every method reads one consistent state of the history: a store answers each from one
/// snapshot (one read transaction), however many tables it reads.
package protocol HistoryReading: Sendable {
    /// Where the history is, as messages name it: the database file, or the server and database.
    var location: String { get }
    /// The results this store reads: the modelled ones, or what Azure showed.
    var stream: ResultStream { get }
    /// Whether the history holds any observed cycle (whatever stream this store reads).
    func holdsObservedCycles() throws -> Bool

    // MARK: Runs

    /// The instant the history starts from, fixed by the first run (`posture run --since`).
    func since() throws -> Date?
    /// Every scan asked for, oldest first.
    func scanRequests() throws -> [Date]
    /// The starts of the recorded cycles of each kind at or after `instant`.
    func recordedStarts(since instant: Date) throws -> Set<CycleKey>
    /// When the first recorded cycle became visible: nothing is known before it.
    func firstVisible() throws -> Date?
    /// The latest instant the history has been told about: a cycle's visibility, a tenant
    /// observation or a scan request.
    func latestInstant() throws -> Date?

    // MARK: Tenant versions

    /// The newest version observed at or before `instant`; before the first version, the first.
    /// Nil for an empty history.
    func tenantVersion(at instant: Date) throws -> TenantVersion?
    /// Every recorded version, oldest first.
    func tenantVersions() throws -> [TenantVersion]
    /// The objects a version added, changed or removed, compared with the version before it.
    func changes(in version: Int) throws -> Set<TenantSnapshot.Key>
    /// The tenant's objects as they were in `version`.
    func snapshot(version: Int) throws -> TenantSnapshot
    /// The objects of `version`, derived from `base`, the objects of `baseVersion`: only what changed
    /// between the two versions is read.
    func snapshot(version: Int, from base: TenantRecord, of baseVersion: Int) throws -> TenantRecord
    /// The objects of some kinds only, as they were in `version`.
    func snapshot(version: Int, kinds: Set<TenantSnapshot.Kind>) throws -> TenantSnapshot
    /// Which of `keys` existed in each of `versions`.
    func existing(_ keys: [TenantSnapshot.Key], inVersions versions: Set<Int>) throws -> [Int: Set<TenantSnapshot.Key>]

    // MARK: Cycles

    /// Every cycle in visibility order.
    func cycles() throws -> [Cycle]
    /// The last recorded cycle.
    func lastCycle() throws -> Cycle?
    /// The parts of the last recorded cycle when workers of a sharded run recorded it (`posture run
    /// --shard`); nil when it was recorded whole. Only the last cycle can lack a part: no cycle
    /// follows one whose parts are not all in.
    func lastCycleShards() throws -> CycleShards?
    /// The last `count` recorded cycles of a kind, newest first, visible yet or not.
    func cycles(of kind: Cycle.Kind, last count: Int) throws -> [Cycle]
    /// The newest cycle of one of these kinds whose results were visible at `instant`.
    func latestCycle(of kinds: Set<Cycle.Kind>, visibleAt instant: Date) throws -> Cycle?
    /// The newest policy cycle (standard, on-demand or change) visible at `instant`.
    func latestPolicyCycle(visibleAt instant: Date) throws -> Cycle?
    /// The policies cycle `seq` did not evaluate, and why, in the order recorded.
    func unevaluatedPolicies(seq: Int) throws -> [UnevaluatedPolicy]

    // MARK: Results

    /// The policy results visible at `instant`: those of the newest policy, scan or change cycle
    /// visible then, with every earlier result still standing. Empty before the first cycle.
    func policyResults(visibleAt instant: Date) throws -> PolicyResults
    /// The policy results as they stood after cycle `seq`.
    func policyResults(asOfCycle seq: Int) throws -> PolicyResults
    /// The assessments visible at `instant`: those of the newest Defender cycle visible then.
    func assessments(visibleAt instant: Date) throws -> [Assessment]
    /// The assessments as they stood after cycle `seq`.
    func assessments(asOfCycle seq: Int) throws -> [Assessment]
    /// The `statusChangeDate` of every assessment row Defender cycle `seq` wrote (new or changed).
    func statusChanges(writtenBy seq: Int) throws -> [Date]

    // MARK: The assessment change log

    /// Calls `body` with each Defender cycle's changes, in cycle order, up to `seq` included.
    func forEachAssessmentChange(
        throughCycle seq: Int, _ body: (_ cycle: Int, _ changes: [PairChange]) throws -> Void
    ) throws
    /// Calls `body` with every assessment's status after each of `cycles` (Defender cycles, in
    /// ascending order), sorted by resource and key.
    func forEachAssessmentState(
        afterCycles cycles: [Int], _ body: (_ cycle: Int, _ state: [PairStatus]) throws -> Void
    ) throws
    /// The resources whose assessments differ between cycle `from` and cycle `to` (`from` ≤ `to`),
    /// with all their assessments after each.
    func assessmentMoves(fromCycle from: Int, toCycle to: Int) throws -> AssessmentMoves
    /// Every text `PairStatus` refers to (assessment keys, causes), by id.
    func assessmentTexts() throws -> [Int64: String]
    /// Every resource row's subscription id and resource type as recorded.
    func resourceClasses() throws -> ResourceClasses
    /// The recorded ids of the resource rows in `rows` (rows not recorded are left out).
    func resourceIds(rows: Set<Int64>) throws -> [Int64: String]

    // MARK: Scores

    /// Every score computation, in visibility order.
    func scoreCycles() throws -> [Cycle]
    /// The subscription totals of these score computations, by cycle number.
    func scoreTotals(cycles seqs: [Int]) throws -> [Int: [SubscriptionTotal]]
    /// The full scores (subscriptions and controls) of these score computations, by cycle number.
    func scores(cycles seqs: [Int]) throws -> [Int: [SubscriptionScore]]
    /// The scores visible at `instant` (the newest score computation visible then), with its cycle.
    func scores(visibleAt instant: Date) throws -> (cycle: Cycle, scores: [SubscriptionScore])?

    // MARK: Regulatory compliance

    /// What Defender's regulatory compliance lists showed at `instant`: the items of the newest
    /// observed `compliance` cycle visible then (`posture ingest compliance`), whichever stream this
    /// store reads, sorted by subscription, standard, control and assessment (ignoring case), with
    /// that cycle; nil when none is visible. The model records no compliance: it derives it from
    /// its policy states.
    func observedCompliance(visibleAt instant: Date) throws -> (cycle: Cycle, items: [ObservedComplianceItem])?

    /// Every row of every table as text, in a fixed order: two histories are the same history
    /// exactly when their dumps are equal, whichever stores hold them.
    func dump() throws -> String
}

extension HistoryReading {
    /// `snapshot(version:from:of:)` of parsed objects.
    package func snapshot(version: Int, from base: TenantSnapshot, of baseVersion: Int) throws -> TenantSnapshot {
        let derived = try snapshot(version: version, from: TenantRecord(base), of: baseVersion)
        return TenantSnapshot(objects: derived.objects.mapValues(\.json))
    }
}
