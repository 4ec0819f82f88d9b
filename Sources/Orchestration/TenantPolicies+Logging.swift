import Logging
import PolicyEngine

extension TenantPolicies {
    /// Logs one `policy not evaluated` warning per assigned policy that could not be compiled, with the
    /// assignment, the set's reference id (`-` for a single policy) and the error: what a run and a
    /// command on the spot say before they evaluate.
    package func logFailures(to logger: Logger) {
        for failure in failures {
            logger.warning(
                "policy not evaluated",
                metadata: [
                    "assignment": "\(failure.assignmentId)", "reference": "\(failure.referenceId ?? "-")",
                    "error": "\(failure.error)",
                ])
        }
    }
}
