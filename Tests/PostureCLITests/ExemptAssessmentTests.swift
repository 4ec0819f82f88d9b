import Defender
import Foundation
import Logging
import PolicyModel
import TestSupport
import Testing

@testable import PostureCLI

/// Seed 000's Resource Graph query — assessments whose `status.cause == 'Exempt'` — answered on
/// the demo tenant: exactly the (resource, recommendation) pairs an exemption decides, i.e. whose
/// strongest state across the assignments feeding the recommendation is Exempt.
@Suite struct ExemptAssessmentTests {
    @Test func causeExemptListsExactlyTheExemptedPairs() throws {
        let source = try ResultSource(
            tenant: TestPaths.fixtures.appendingPathComponent("demo-tenant").path, db: nil,
            at: ISO8601.parse("2026-10-20T00:00:00Z")!, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        var strongest: [Assessment.PairKey: ComplianceState] = [:]
        for state in source.results.states {
            for key in source.catalog.keys(forPolicy: state.policyDefinitionId) {
                let pair = Assessment.PairKey(resource: state.resourceId.key, assessment: key)
                if let current = strongest[pair], current <= state.complianceState { continue }
                strongest[pair] = state.complianceState
            }
        }
        let expected = Set(strongest.filter { $0.value == .exempt }.keys)
        let listed = Set(source.assessments.filter { $0.cause == "Exempt" }.map(\.pairKey))
        #expect(listed == expected)
        #expect(listed.map(\.resource).allSatisfy { $0.hasSuffix("/vaults/kv-payments-dev-neu") })
        #expect(listed.count == 2)
        // Seven states are Exempt; for the other five, another assignment of the same policy decides.
        #expect(source.results.states.filter { $0.complianceState == .exempt }.count == 7)
    }
}
