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
package final class CycleRunner {
    package let store: any HistoryWriting
    package let plan: CyclePlan
    let logger: Logger
    let threads: Int
    /// For a worker of a sharded run: which worker, how long it waits for the others, and how.
    let sharding: Sharding?
    private var cache: VersionCache?
    /// The tenant this run observed, as recorded: the version it became and the loaded tenant.
    /// Versions near it are derived from its objects rather than read back whole.
    private var observed: (version: Int, tenant: Tenant)?
    /// The observed tenant's objects, made again only when another version is derived from them:
    /// a run whose cycles all read the observed version does not hold every object twice.
    private var observedSnapshot: TenantRecord?
    /// The assessments of one Defender cycle, by its number: score and policy cycles read the same
    /// Defender results many times.
    private var assessmentCache: (seq: Int, assessments: [Assessment])?
    /// The results of the last whole-tenant policy cycle, by its number: what the next Defender
    /// cycle reads, unless a later policy cycle became visible first.
    private var resultsCache: (seq: Int, results: PolicyResults)?
    /// The last scores computed, by what they were computed from (tenant version, Defender cycle):
    /// the computations of a day after Defender's cycle read the same assessments.
    private var scoreCache: (version: Int, defender: Int?, scores: [SubscriptionScore])?

    /// What a cycle needs of one tenant version, built once per version.
    private struct VersionCache {
        let version: Int
        let tenant: Tenant
        let evaluator: TenantEvaluator
        let catalog: RecommendationCatalog
        let resourceTypes: [String: String]
    }

    /// A runner of the whole tenant, or, with `sharding`, of the subscriptions one worker of a
    /// sharded run owns (`CycleRunner+Shards.swift`).
    package init(
        store: any HistoryWriting, schedule: Schedule, logger: Logger, threads: Int = 2, sharding: Sharding? = nil
    ) {
        self.store = store
        plan = CyclePlan(schedule: schedule)
        self.logger = logger
        self.threads = threads
        self.sharding = sharding
    }

    /// What one run did.
    package struct Report: Sendable {
        package var tenantVersion: TenantVersion?
        package var newVersion: Bool
        package var executed: [Cycle]
        /// For a worker of a sharded run that stopped before every due cycle was recorded: what it
        /// waited for in vain. Nil: nothing due is left.
        package var awaiting: Awaiting?
    }

    /// Records the tenant as observed `now` (a new version only if it changed), then executes
    /// every cycle due since the last one. `since` fixes where an empty history starts (default:
    /// the last policy cycle start before now). `progress(n, total, cycle)` is called before each cycle.
    package func run(
        observing tenant: Tenant?, now: Date, since: Date? = nil,
        progress: (Int, Int, DueCycle) -> Void = { _, _, _ in }
    ) throws -> Report {
        let now = try sharding == nil ? now : workerNow(now)
        try checkClock(now: now)
        if sharding == nil, let last = try store.lastCycleShards(), !last.isComplete {
            throw HistoryError(
                .awaitingShards,
                "\(last.summary); \(last.missingShards) must record theirs before a whole run",
                cycle: last.cycle.seq)
        }
        var report = Report(tenantVersion: nil, newVersion: false, executed: [])
        if let tenant {
            let started = ContinuousClock.now
            let recorded = try store.recordTenant(TenantRecord(tenant), observedAt: now)
            logger.debug(
                "tenant recorded",
                metadata: [
                    "version": "\(recorded.version.version)", "new": "\(recorded.isNew)",
                    "elapsed": "\(ContinuousClock.now - started)",
                ])
            report.tenantVersion = recorded.version
            report.newVersion = recorded.isNew
            observed = (recorded.version.version, tenant)
            observedSnapshot = nil
        }
        if try store.since() == nil {
            // A history that holds only ingested cycles continues after them: a cycle visible
            // before the last recorded one could never be recorded.
            let start = since ?? plan.schedule.lastPolicyStart(before: now)
            try store.setSince(max(start, try store.lastCycle()?.visibleAt ?? start))
        }
        if let sharding {
            try runWorker(sharding, now: now, report: &report, progress: progress)
        } else {
            let due = try dueCycles(now: now)
            for (i, cycle) in due.enumerated() {
                progress(i + 1, due.count, cycle)
                report.executed.append(try execute(cycle))
            }
        }
        if !report.executed.isEmpty || report.newVersion { try store.checkpoint() }
        return report
    }

    /// Refuses a `now` before the newest instant the history holds (a cycle's visibility, a tenant
    /// observation, a scan request): the clock only goes forward, whether or not the tenant changed.
    package func checkClock(now: Date) throws {
        if let latest = try store.latestInstant(), now < latest {
            throw OrchestrationError.clockBackwards(now: now, latest: latest)
        }
    }

    /// The cycles due at `now`, without running them. For a worker of a sharded run, the last cycle
    /// is due again while it lacks parts, the worker's among them.
    package func dueCycles(now: Date) throws -> [DueCycle] {
        guard let since = try store.since() else { return [] }
        let versions = try store.tenantVersions().dropFirst().map { (version: $0.version, observedAt: $0.observedAt) }
        var recorded = try store.recordedStarts(since: since)
        if let shard = sharding?.shard, let last = try store.lastCycleShards(), !last.isComplete,
            !last.recorded.contains(shard.index)
        {
            recorded.remove(CycleKey(kind: last.cycle.kind, start: last.cycle.start))
        }
        return plan.due(
            now: now, since: since, recorded: recorded, scans: try store.scanRequests(),
            changedVersions: Array(versions))
    }

    /// Executes one cycle in one transaction.
    package func execute(_ cycle: DueCycle) throws -> Cycle {
        let started = ContinuousClock.now
        defer {
            logger.debug(
                "cycle done",
                metadata: [
                    "kind": "\(cycle.kind.rawValue)", "start": "\(ISO8601.format(cycle.start))",
                    "elapsed": "\(ContinuousClock.now - started)",
                ])
        }
        switch cycle.kind {
        case .policy, .scan: return try executePolicy(cycle, only: nil)
        case .change: return try executeChange(cycle)
        case .defender: return try executeDefender(cycle)
        case .score: return try executeScore(cycle)
        case .compliance:
            // No schedule plans one: the model derives regulatory compliance from its policy states.
            throw HistoryError(.outOfOrder, "the model runs no compliance cycle; only `posture ingest` records one")
        }
    }

    private func executePolicy(_ cycle: DueCycle, only: Set<ResourceID>?) throws -> Cycle {
        let v = try version(at: cycle.start)
        // A worker of a sharded run evaluates the subjects of the subscriptions it owns.
        // A change cycle's resources, gone ones included, are the worker's when their subscription is.
        let only =
            sharding.map { sharding in
                only.map { $0.filter(sharding.owns) } ?? sharding.subjects(of: v.tenant)
            } ?? only
        let results = v.evaluator.evaluate(
            at: cycle.start, published: try published(at: cycle.start, tenant: v.tenant), only: only, threads: threads)
        try v.tenant.checkRowsUnchanged()
        let policies = v.evaluator.policies
        let new = NewCycle(
            kind: cycle.kind, start: cycle.start, visibleAt: cycle.visibleAt, tenantVersion: v.version,
            assignedPolicies: policies.assignedCount, unevaluated: policies.unevaluated, shard: sharding?.shard)
        let scope = cycle.kind == .change ? only.map { Set($0.map(\.key)) } : nil
        let recorded = try store.recordPolicyCycle(new, results: results, resources: scope)
        // A change cycle's results are merged with earlier ones in the database: read those from there.
        // So are a full cycle's when a change cycle started during it: the database kept those newer rows.
        let latestChange = try store.latestCycle(of: [.change], visibleAt: cycle.visibleAt)
        let newerChange = latestChange.map { $0.start > cycle.start } ?? false
        // A worker's results are its part, unless it is the only worker.
        let whole = sharding.map { $0.shard.count == 1 && cycle.kind != .change } ?? (only == nil)
        resultsCache = whole && !newerChange ? (recorded.seq, results) : nil
        return recorded
    }

    /// A change cycle re-evaluates the changed resources and, for a changed exemption, every subject at
    /// or under its scope: "an exemption change re-evaluates the assignment at that scope" (DOMAIN.md,
    /// "Cadence and lag"). Assignment and subscription changes wait for the standard cycle (Docs/Lag.md).
    private func executeChange(_ cycle: DueCycle) throws -> Cycle {
        let changes = try store.changes(in: cycle.version ?? 0)
        var ids = Set(changes.filter { $0.kind == .resource }.map { ResourceID($0.id) })
        let scopes = changes.filter { $0.kind == .exemption }.map { ResourceID($0.id).scopeOfChild }
        if !scopes.isEmpty {
            let tenant = try version(at: cycle.start).tenant
            let subjects = tenant.resources.map(\.id) + tenant.resourceGroups.map(\.id) + tenant.subscriptions.map(\.id)
            for id in subjects where scopes.contains(where: { tenant.isUnder(id, $0) }) { ids.insert(id) }
        }
        return try executePolicy(cycle, only: ids)
    }

    private func executeDefender(_ cycle: DueCycle) throws -> Cycle {
        let v = try version(at: cycle.start)
        let reconciled = try reconcile(at: cycle.start, version: v)
        let recorded = try store.recordDefenderCycle(
            NewCycle(kind: .defender, start: cycle.start, visibleAt: cycle.visibleAt, tenantVersion: v.version),
            assessments: reconciled, resourceTypes: v.resourceTypes)
        assessmentCache = (recorded.seq, reconciled)
        return recorded
    }

    private func executeScore(_ cycle: DueCycle) throws -> Cycle {
        let v = try version(at: cycle.start)
        let defender = try store.latestCycle(of: [.defender], visibleAt: cycle.start)?.seq
        let scores: [SubscriptionScore]
        if let scoreCache, scoreCache.version == v.version, scoreCache.defender == defender {
            scores = scoreCache.scores
        } else {
            scores = ScoreCalculator(catalog: v.catalog, mitigated: v.tenant.settings.mitigatedExemptions).scores(
                try defender.map { try assessments(ofCycle: $0) } ?? [],
                subscriptions: v.tenant.subscriptions.map(\.subscriptionId))
            scoreCache = (v.version, defender, scores)
        }
        return try store.recordScoreCycle(
            NewCycle(kind: .score, start: cycle.start, visibleAt: cycle.visibleAt, tenantVersion: v.version),
            scores: scores)
    }

    /// The assessments of a Defender cycle starting at `start`. The policy results it read and the
    /// previous cycle's assessments are released before the new ones are recorded: the next Defender
    /// cycle of a run reads a newer policy cycle, and a run keeps one cycle's assessments.
    private func reconcile(at start: Date, version v: VersionCache) throws -> [Assessment] {
        let results = try policyResults(visibleAt: start)
        resultsCache = nil
        let previous = try store.cycles(of: .defender, last: 1).first.map { try assessments(ofCycle: $0.seq) } ?? []
        assessmentCache = nil
        return Reconciler(catalog: v.catalog).assessments(
            DefenderInput(
                states: results.states, disabled: results.disabled, findings: v.tenant.findings, previous: previous,
                at: start))
    }

    /// The assessment resources Defender had published by `instant`: its native results, or
    /// before its first cycle, the tenant's findings.
    private func published(at instant: Date, tenant: Tenant) throws -> [Resource] {
        guard try store.latestCycle(of: [.defender], visibleAt: instant) != nil else {
            return tenant.findings.map(\.publishedResource)
        }
        return try assessments(visibleAt: instant).filter { $0.origin == .native }.map(\.publishedResource)
    }

    /// The policy results visible at `instant`.
    private func policyResults(visibleAt instant: Date) throws -> PolicyResults {
        if let resultsCache,
            try store.latestCycle(of: [.policy, .scan, .change], visibleAt: instant)?.seq == resultsCache.seq
        {
            return resultsCache.results
        }
        return try store.policyResults(visibleAt: instant)
    }

    /// The assessments visible at `instant`: those of the newest Defender cycle visible then.
    private func assessments(visibleAt instant: Date) throws -> [Assessment] {
        guard let cycle = try store.latestCycle(of: [.defender], visibleAt: instant) else { return [] }
        return try assessments(ofCycle: cycle.seq)
    }

    private func assessments(ofCycle seq: Int) throws -> [Assessment] {
        if let assessmentCache, assessmentCache.seq == seq { return assessmentCache.assessments }
        let loaded = try store.assessments(asOfCycle: seq)
        assessmentCache = (seq, loaded)
        return loaded
    }

    /// The tenant version at `instant`, compiled and indexed once per version: the observed tenant
    /// as loaded, another version derived from the observed one's objects and what changed between
    /// them, or (with nothing observed) read back from the database.
    private func version(at instant: Date) throws -> VersionCache {
        guard let version = try store.tenantVersion(at: instant)?.version else {
            throw OrchestrationError(
                .noTenantVersion, "no tenant version is recorded; run `posture run --tenant DIR` first")
        }
        if let cache, cache.version == version { return cache }
        let tenant: Tenant
        if let observed, observed.version == version {
            tenant = observed.tenant
        } else if let observed {
            let base = observedSnapshot ?? TenantRecord(observed.tenant)
            observedSnapshot = base
            tenant = try store.snapshot(version: version, from: base, of: observed.version).tenant()
        } else {
            tenant = try store.snapshot(version: version).tenant()
        }
        let built = makeCache(version: version, tenant: tenant)
        cache = built
        return built
    }

    private func makeCache(version: Int, tenant: Tenant) -> VersionCache {
        let evaluator = TenantEvaluator(tenant: tenant)
        evaluator.policies.logFailures(to: logger)
        return VersionCache(
            version: version, tenant: tenant, evaluator: evaluator, catalog: RecommendationCatalog(tenant: tenant),
            resourceTypes: tenant.resourceTypes)
    }
}
