import ArgumentParser
import Defender
import Foundation
import History
import Logging
import PolicyEngine
import PolicyModel
import TenantIO

/// What `states`, `assessments` and `score` print: read from history as visible at an instant
/// (`--db`), or evaluated on the spot from a tenant directory. On the spot, the tenant's findings
/// count as already published, so the two-way loop is closed in one pass.
struct ResultSource {
    let tenant: Tenant
    let results: PolicyResults
    let catalog: RecommendationCatalog
    let assessments: [Assessment]
    /// The score computation visible at the instant, when read from history.
    let storedScores: [SubscriptionScore]?
    let at: Date

    /// Subscription display names by lower-cased id.
    var subscriptionNames: [String: String] {
        Dictionary(tenant.subscriptions.map { ($0.subscriptionId.lowercased(), $0.displayName) }) { a, _ in a }
    }

    init(tenant directory: String?, db: String?, at: Date, logger: Logger) throws {
        if let db {
            try self.init(db: db, at: at)
        } else if let directory {
            try self.init(directory: directory, at: at, logger: logger)
        } else {
            Failure.printError("posture: give a tenant directory, or --db DB to read history")
            throw Failure.invalidInput
        }
    }

    private init(db: String, at: Date) throws {
        guard FileManager.default.fileExists(atPath: db) else {
            Failure.printError("posture: \(db): no such history database")
            throw Failure.invalidInput
        }
        do {
            let store = try HistoryStore(path: db)
            guard let version = try store.tenantVersion(at: at) else {
                Failure.printError("posture: \(db): the history holds no tenant yet; run `posture run` first")
                throw Failure.invalidInput
            }
            tenant = try store.snapshot(version: version.version).tenant()
            results = try store.policyResults(visibleAt: at)
            catalog = RecommendationCatalog(tenant: tenant)
            assessments = try store.assessments(visibleAt: at)
            storedScores = try store.scores(visibleAt: at)?.scores
            self.at = at
        } catch let exit as ExitCode {
            throw exit
        } catch {
            Failure.printError("posture: \(db): \(error)")
            throw ExitCode.failure
        }
    }

    private init(directory: String, at: Date, logger: Logger) throws {
        do {
            tenant = try TenantDirectory(directory).load(logger: logger)
        } catch {
            throw Failure.report(error)
        }
        self.at = at
        let evaluator = TenantEvaluator(tenant: tenant)
        for failure in evaluator.policies.failures {
            logger.warning(
                "policy not evaluated",
                metadata: ["assignment": "\(failure.assignmentId)", "reference": "\(failure.referenceId ?? "-")", "error": "\(failure.error)"])
        }
        results = evaluator.evaluate(at: at, published: tenant.findings.map(\.publishedResource), threads: ProcessInfo.processInfo.activeProcessorCount)
        catalog = RecommendationCatalog(tenant: tenant)
        storedScores = nil
        assessments = Reconciler(catalog: catalog).assessments(
            DefenderInput(states: results.states, disabled: results.disabled, findings: tenant.findings, at: at))
    }
}
