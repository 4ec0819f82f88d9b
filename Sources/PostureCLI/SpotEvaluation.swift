import Defender
import Foundation
import Logging
import PolicyEngine
import PolicyModel
import TenantIO

/// A tenant evaluated on the spot at one instant, and Defender's view of it: what `states`,
/// `assessments` and `score` print when no history database is given. The tenant's findings
/// count as already published, so the two-way loop is closed in one pass.
struct SpotEvaluation {
    let tenant: Tenant
    let results: PolicyResults
    let catalog: RecommendationCatalog
    let assessments: [Assessment]
    let at: Date

    init(directory: String, at: Date, logger: Logger) throws {
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
        assessments = Reconciler(catalog: catalog).assessments(
            DefenderInput(states: results.states, disabled: results.disabled, findings: tenant.findings, at: at))
    }
}
