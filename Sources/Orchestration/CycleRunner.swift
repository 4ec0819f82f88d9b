import Defender
import Foundation
import History
import JSONCore
import Logging
import PolicyEngine
import PolicyModel
import Scheduling

/// Executes due cycles against the history, one transaction each: Azure Policy's evaluation
/// (standard, on-demand, change), Defender's assessment generation, the score computation.
///
/// - A policy cycle starting at S evaluates the tenant version observed at or before S (before
///   the first version, the first), reading the assessments Defender had published by S (before
///   any Defender cycle, the tenant's findings count as published).
/// - A Defender cycle starting at D reads the policy results visible at D and the findings of the
///   version at D, and carries dates over from the last Defender cycle.
/// - A score computation at C reads the assessments visible at C.
public final class CycleRunner {
    public let store: HistoryStore
    public let plan: CyclePlan
    let logger: Logger
    let threads: Int
    private var cache: (version: Int, tenant: Tenant, evaluator: TenantEvaluator)?

    public init(store: HistoryStore, schedule: Schedule, logger: Logger, threads: Int = 2) {
        self.store = store
        plan = CyclePlan(schedule: schedule)
        self.logger = logger
        self.threads = threads
    }

    /// What one run did.
    public struct Report: Sendable {
        public var tenantVersion: TenantVersion?
        public var newVersion: Bool
        public var executed: [Cycle]
    }

    /// Records the tenant as observed `now` (a new version only if it changed), then executes
    /// every cycle due since the last one. `since` fixes where an empty history starts (default:
    /// the last policy cycle start before now). `progress(n, total, cycle)` is called before each cycle.
    public func run(
        observing snapshot: TenantSnapshot?, now: Date, since: Date? = nil,
        progress: (Int, Int, DueCycle) -> Void = { _, _, _ in }
    ) throws -> Report {
        var report = Report(tenantVersion: nil, newVersion: false, executed: [])
        if let snapshot {
            let recorded = try store.recordTenant(snapshot, observedAt: now)
            report.tenantVersion = recorded.version
            report.newVersion = recorded.isNew
        }
        if try store.since() == nil {
            try store.setSince(since ?? plan.schedule.lastPolicyStart(before: now))
        }
        let due = try dueCycles(now: now)
        for (i, cycle) in due.enumerated() {
            progress(i + 1, due.count, cycle)
            report.executed.append(try execute(cycle))
        }
        return report
    }

    /// The cycles due at `now`, without running them.
    public func dueCycles(now: Date) throws -> [DueCycle] {
        guard let since = try store.since() else { return [] }
        let versions = try store.tenantVersions().dropFirst().map { (version: $0.version, observedAt: $0.observedAt) }
        return plan.due(
            now: now, since: since, recorded: try store.recordedStarts(since: since), scans: try store.scanRequests(),
            changedVersions: Array(versions))
    }

    /// Executes one cycle in one transaction.
    public func execute(_ cycle: DueCycle) throws -> Cycle {
        let started = ContinuousClock.now
        defer {
            logger.debug(
                "cycle done",
                metadata: ["kind": "\(cycle.kind.rawValue)", "start": "\(ISO8601.format(cycle.start))", "elapsed": "\(ContinuousClock.now - started)"])
        }
        switch cycle.kind {
        case .policy, .scan: return try executePolicy(cycle, only: nil)
        case .change: return try executeChange(cycle)
        case .defender: return try executeDefender(cycle)
        case .score: return try executeScore(cycle)
        }
    }

    private func executePolicy(_ cycle: DueCycle, only: Set<ResourceID>?) throws -> Cycle {
        guard let (version, tenant, evaluator) = try tenant(at: cycle.start) else {
            throw HistoryError("no tenant version is recorded; run `posture run --tenant DIR` first")
        }
        let results = evaluator.evaluate(at: cycle.start, published: try published(at: cycle.start, tenant: tenant), only: only, threads: threads)
        let new = NewCycle(kind: cycle.kind, start: cycle.start, visibleAt: cycle.visibleAt, tenantVersion: version)
        return try store.recordPolicyCycle(new, results: results, resources: only.map { Set($0.map(\.key)) })
    }

    private func executeChange(_ cycle: DueCycle) throws -> Cycle {
        let changed = try store.changes(in: cycle.version ?? 0).filter { $0.kind == .resource }
        let ids = Set(changed.map { ResourceID($0.id) })
        return try executePolicy(cycle, only: ids)
    }

    private func executeDefender(_ cycle: DueCycle) throws -> Cycle {
        guard let (version, tenant, _) = try tenant(at: cycle.start) else {
            throw HistoryError("no tenant version is recorded; run `posture run --tenant DIR` first")
        }
        let results = try store.policyResults(visibleAt: cycle.start)
        let catalog = RecommendationCatalog(tenant: tenant)
        let assessments = Reconciler(catalog: catalog).assessments(DefenderInput(
            states: results.states, disabled: results.disabled, findings: tenant.findings,
            previous: try store.lastDefenderAssessments(), at: cycle.start))
        let types = Dictionary(tenant.resources.map { ($0.id.key, $0.typeKey) }) { a, _ in a }
        return try store.recordDefenderCycle(
            NewCycle(kind: .defender, start: cycle.start, visibleAt: cycle.visibleAt, tenantVersion: version),
            assessments: assessments, resourceTypes: types)
    }

    private func executeScore(_ cycle: DueCycle) throws -> Cycle {
        guard let (version, tenant, _) = try tenant(at: cycle.start) else {
            throw HistoryError("no tenant version is recorded; run `posture run --tenant DIR` first")
        }
        let catalog = RecommendationCatalog(tenant: tenant)
        let scores = ScoreCalculator(catalog: catalog).scores(
            try store.assessments(visibleAt: cycle.start), subscriptions: tenant.subscriptions.map(\.subscriptionId))
        return try store.recordScoreCycle(
            NewCycle(kind: .score, start: cycle.start, visibleAt: cycle.visibleAt, tenantVersion: version), scores: scores)
    }

    /// The assessment resources Defender had published by `instant`: its native results, or
    /// before its first cycle, the tenant's findings.
    private func published(at instant: Date, tenant: Tenant) throws -> [Resource] {
        guard try store.latestCycle(of: [.defender], visibleAt: instant) != nil else {
            return tenant.findings.map(\.publishedResource)
        }
        return try store.assessments(visibleAt: instant).filter { $0.origin == .native }.map(\.publishedResource)
    }

    /// The tenant version at `instant`, rebuilt and compiled once per version.
    private func tenant(at instant: Date) throws -> (Int, Tenant, TenantEvaluator)? {
        guard let version = try store.tenantVersion(at: instant) else { return nil }
        if let cache, cache.version == version.version { return (cache.version, cache.tenant, cache.evaluator) }
        let tenant = try store.snapshot(version: version.version).tenant()
        let evaluator = TenantEvaluator(tenant: tenant)
        for failure in evaluator.policies.failures {
            logger.warning(
                "policy not evaluated",
                metadata: ["assignment": "\(failure.assignmentId)", "reference": "\(failure.referenceId ?? "-")", "error": "\(failure.error)"])
        }
        cache = (version.version, tenant, evaluator)
        return (version.version, tenant, evaluator)
    }
}

extension Assessment {
    /// The assessment as the resource Defender publishes, which policies over
    /// `Microsoft.Security/assessments` read (`properties.status.code`).
    var publishedResource: Resource {
        let json: JSONValue = [
            "id": .string(id), "name": .string(key), "type": "Microsoft.Security/assessments",
            "properties": [
                "resourceDetails": ["source": "Azure", "id": .string(resourceId.rawValue)],
                "status": ["code": .string(status.rawValue)],
            ],
        ]
        return Resource(id: ResourceID(id), type: "Microsoft.Security/assessments", json: json)
    }
}
