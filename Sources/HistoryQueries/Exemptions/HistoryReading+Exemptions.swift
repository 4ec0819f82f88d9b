import Foundation
import History
import PolicyModel

extension HistoryReading {
    /// The exemptions of the tenant recorded at `instant`, judged against the policy states visible
    /// then (`ExemptionReport`). Nil for an empty history.
    package func exemptionReport(at instant: Date, expiringWithin window: TimeInterval) throws -> ExemptionReport? {
        guard let tenant = try tenant(at: instant) else { return nil }
        return ExemptionReport(
            tenant: tenant, results: try policyResults(visibleAt: instant), at: instant, expiringWithin: window)
    }
}
