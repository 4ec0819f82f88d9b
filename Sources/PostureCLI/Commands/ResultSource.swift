import ArgumentParser
import Defender
import Foundation
import History
import JSONCore
import Logging
import Orchestration
import PolicyEngine
import PolicyModel
import TenantIO

/// What `states`, `assessments` and `score` print: read from history as visible at an instant
/// (`--db`), or evaluated on the spot from a tenant directory. On the spot, the tenant's findings
/// count as already published, so the two-way loop is closed in one pass. From history, only the
/// parts a command needs are read; the others stay empty.
struct ResultSource {
    /// The parts read from history beyond the catalog, the containers and the stored scores.
    struct Parts: OptionSet {
        let rawValue: Int
        /// The policy states and disabled pairs.
        static let results = Parts(rawValue: 1)
        static let assessments = Parts(rawValue: 2)
        /// The whole tenant version (otherwise `tenant` holds only its containers, definitions,
        /// recommendations, controls and owners).
        static let resources = Parts(rawValue: 4)
        static let all: Parts = [.results, .assessments, .resources]
    }

    let tenant: Tenant
    let results: PolicyResults
    let catalog: RecommendationCatalog
    let assessments: [Assessment]
    /// The score computation visible at the instant, when read from history.
    let storedScores: [SubscriptionScore]?
    let at: Date
    /// How many assigned policies the results leave out, and why (nil: none).
    let unevaluatedNote: String?

    /// `listing`: the command lists the parts it needs (`states`, `assessments`), so a history with
    /// none of them visible at `at` is refused rather than listed as empty.
    init(
        tenant directory: String?, db: String?, at: Date, needs parts: Parts = .all, stream: ResultStream = .model,
        listing: Bool = false, logger: Logger
    ) throws {
        if stream == .observed, db == nil {
            throw CommandError.usage("posture: --source observed reads a history; give --db DB")
        }
        switch (directory, db) {
        case (nil, let db?): try self.init(db: db, at: at, parts: parts, stream: stream, listing: listing)
        case (let directory?, nil): try self.init(directory: directory, at: at, parts: parts, logger: logger)
        case (_?, _?): throw CommandError.usage("posture: give a tenant directory or --db DB, not both")
        case (nil, nil): throw CommandError.usage("posture: give a tenant directory, or --db DB to read history")
        }
    }

    private init(db: String, at: Date, parts: Parts, stream: ResultStream, listing: Bool) throws {
        let store = try HistoryDatabase.reading(db, stream: stream)
        do {
            try HistoryDatabase.requireRecorded(at, option: "--at", in: store)
            if listing { try Self.refuseNothingVisible(store, db: db, at: at, parts: parts) }
            let version = try store.tenantVersion(at: at)
            // What Azure showed needs no recorded tenant: its names and catalog are used when there is one.
            guard version != nil || stream == .observed else {
                throw CommandError.badInput(
                    "posture: \(HistoryDatabase.shown(db)): the history holds no tenant yet; run `posture run` first")
            }
            let snapshot = try version.map { version in
                parts.contains(.resources)
                    ? try store.snapshot(version: version.version)
                    : try store.snapshot(
                        version: version.version, kinds: [.container, .definition, .recommendation, .control, .owners])
            }
            var tenant = try snapshot?.tenant() ?? Tenant()
            results = parts.contains(.results) ? try store.policyResults(visibleAt: at) : PolicyResults(states: [])
            assessments = parts.contains(.assessments) ? try store.assessments(visibleAt: at) : []
            storedScores = try store.scores(visibleAt: at)?.scores
            if stream == .observed {
                Self.addSubscriptions(
                    of: results.states.map(\.subscriptionId) + assessments.map(\.subscriptionId)
                        + (storedScores ?? []).map(\.subscriptionId), to: &tenant)
            }
            self.tenant = tenant
            catalog = RecommendationCatalog(tenant: tenant)
            unevaluatedNote = try UnevaluatedPolicies.note(store: store, at: at)
            self.at = at
        } catch {
            throw CommandError(error, file: db)
        }
    }

    /// A command that lists policy states only (or assessments only) has nothing to print before the
    /// first policy (or Defender) cycle of its stream became visible: an empty list would read as
    /// "none", so it is refused (exit 2), saying when the first one became visible or how to record one.
    private static func refuseNothingVisible(_ store: any HistoryReading, db: String, at: Date, parts: Parts) throws {
        let (kinds, noun, ingest): (Set<Cycle.Kind>, String, String)
        switch parts {
        case .results: (kinds, noun, ingest) = ([.policy, .scan, .change], "policy states", "states")
        case .assessments: (kinds, noun, ingest) = ([.defender], "assessments", "assessments")
        default: return
        }
        guard try store.latestCycle(of: kinds, visibleAt: at) == nil else { return }
        let observed = store.stream == .observed
        let first = try store.cycles().filter { kinds.contains($0.kind) }.map(\.visibleAt).min()
        let hint =
            first.map { "the first became visible at \(ISO8601.format($0))" }
            ?? (observed
                ? "the history holds none; record Azure's with `posture ingest \(ingest)`"
                : "the history holds none; run `posture run`")
        throw CommandError.badInput(
            "posture: \(HistoryDatabase.shown(db)): no \(observed ? "observed " : "")\(noun) were visible yet at "
                + "\(ISO8601.format(at)); \(hint)")
    }

    private init(directory: String, at: Date, parts: Parts, logger: Logger) throws {
        tenant = try TenantInput.load(directory, logger: logger)
        self.at = at
        let evaluator = TenantEvaluator(tenant: tenant)
        unevaluatedNote = UnevaluatedPolicies.note(evaluator.policies)
        evaluator.policies.logFailures(to: logger)
        results = evaluator.evaluate(
            at: at, published: tenant.findings.map(\.publishedResource),
            threads: ProcessInfo.processInfo.activeProcessorCount)
        try tenant.checkRowsUnchanged()
        catalog = RecommendationCatalog(tenant: tenant)
        storedScores = nil
        // Defender's cycle only when the command reads assessments: `states` prints policy states alone.
        if parts.contains(.assessments) {
            let reconciled = Reconciler(catalog: catalog).assessments(
                DefenderInput(states: results.states, disabled: results.disabled, findings: tenant.findings, at: at))
            assessments = Self.keepingFindingDates(reconciled, findings: tenant.findings)
        } else {
            assessments = []
        }
    }

    /// The subscriptions observed results name that the tenant lacks, known by their ids.
    private static func addSubscriptions(of ids: [String], to tenant: inout Tenant) {
        var known = Set(tenant.subscriptions.map { $0.subscriptionId.lowercased() })
        for id in ids where !id.isEmpty && known.insert(id.lowercased()).inserted {
            tenant.subscriptions.append(Subscription(subscriptionId: id))
        }
        tenant.reindex()
    }

    /// On the spot there is no earlier Defender cycle to carry dates from: a native assessment keeps
    /// the dates its finding gives (`status.firstEvaluationDate`, `status.statusChangeDate`) instead
    /// of the instant asked about.
    static func keepingFindingDates(_ assessments: [Assessment], findings: [Finding]) -> [Assessment] {
        let byPair = Dictionary(
            findings.map { (Assessment.PairKey(resource: $0.resourceId.key, assessment: $0.key), $0) }
        ) { a, _ in a }
        return assessments.map { assessment in
            guard assessment.origin == .native, let finding = byPair[assessment.pairKey] else { return assessment }
            let status = finding.json["properties"]?["status"]
            var kept = assessment
            if let first = status?["firstEvaluationDate"]?.stringValue.flatMap(ISO8601.parse) {
                kept.firstEvaluationDate = first
            }
            if let changed = status?["statusChangeDate"]?.stringValue.flatMap(ISO8601.parse) {
                kept.statusChangeDate = changed
            }
            return kept
        }
    }
}
