import Defender
import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import Testing

/// `posture mismatch` over the demo month (observed schedule: policy visible 07:00Z, Defender
/// starts 08:00Z and is visible 09:00Z).
@Suite struct MismatchTests {
    static func mismatches(_ instant: String, _ backend: Backend) throws -> [Mismatch] {
        try DemoHistory.store(backend).mismatches(at: DemoHistory.date(instant))
    }

    static let systemUpdatesKey = "4ab6e3c5-74dd-8b35-9ab9-f61b30875b27"

    @Test(arguments: Backend.all) func theMinimumTLSFixIsAheadInPolicyUntilDefendersNextCycle(_ backend: Backend) throws
    {
        // The fix of 2026-11-03T10:00Z: policy shows it 2026-11-04T07:00Z, Defender at 09:00Z.
        for instant in ["2026-11-04T07:00:00Z", "2026-11-04T08:59:59Z"] {
            let found = try Self.mismatches(instant, backend)
            #expect(found.count == 1, "at \(instant)")
            let m = try #require(found.first)
            #expect(m.direction == .policyToDefender)
            #expect(m.resourceId.name == "app-payments-portal-prod")
            #expect(m.policyState?.policyDefinitionReferenceId == "webAppMinTls")
            #expect(m.policyState?.complianceState == .compliant)
            #expect(m.reconciled?.status == .healthy)
            #expect(m.defender?.status == .unhealthy)
            #expect(m.since == DemoHistory.date("2026-11-04T07:00:00Z"))
            #expect(m.expectedResolution == DemoHistory.date("2026-11-04T09:00:00Z"))
        }
    }

    @Test(arguments: Backend.all) func bothSidesAgreeBeforeAndAfter(_ backend: Backend) throws {
        #expect(try Self.mismatches("2026-11-04T06:59:59Z", backend).isEmpty)
        #expect(try Self.mismatches("2026-11-04T09:00:00Z", backend).isEmpty)
        #expect(try Self.mismatches("2026-11-09T12:00:00Z", backend).isEmpty)
    }

    @Test(arguments: Backend.all) func defendersOwnFindingIsAheadOfThePolicyThatReadsIt(_ backend: Backend) throws {
        // The finding of 2026-11-06T09:00Z comes after that day's Defender cycle (08:00Z), so
        // Defender publishes it with its next cycle: visible 2026-11-07T09:00Z. The policies that
        // read it (baseline and CISS) say NonCompliant until the scan of 09:00Z is visible at 11:00Z.
        for instant in ["2026-11-07T09:00:00Z", "2026-11-07T10:59:59Z"] {
            let found = try Self.mismatches(instant, backend).filter { $0.direction == .defenderToPolicy }
            #expect(found.count == 2, "at \(instant)")
            #expect(
                Set(found.compactMap(\.policyState?.policyDefinitionReferenceId)) == [
                    "vmSystemUpdates", "ciss-vm-updates",
                ])
            for m in found {
                #expect(m.resourceId.name == "vm-crm-app01")
                #expect(m.recommendationKey == Self.systemUpdatesKey)
                #expect(m.recommendationName == "Virtual machines should have missing system updates installed")
                #expect(m.policyState?.complianceState == .nonCompliant)
                #expect(m.defender?.status == .healthy)
                #expect(m.defender?.origin == .native)
                #expect(m.since == DemoHistory.date("2026-11-07T09:00:00Z"))
                #expect(m.expectedResolution == DemoHistory.date("2026-11-07T11:00:00Z"))
            }
        }
        for instant in ["2026-11-06T09:00:00Z", "2026-11-07T07:00:00Z", "2026-11-07T08:59:59Z", "2026-11-07T11:00:00Z"]
        {
            #expect(
                try Self.mismatches(instant, backend).filter { $0.direction == .defenderToPolicy }.isEmpty,
                "at \(instant)")
        }
    }

    @Test(arguments: Backend.all) func aNewSubscriptionIsInPolicyBeforeDefenderShowsIt(_ backend: Backend) throws {
        // contoso-corp-test appears 2026-11-12T09:00Z; evaluated by the policy cycle of 2026-11-13.
        let found = try Self.mismatches("2026-11-13T08:00:00Z", backend)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.direction == .policyToDefender && $0.defender == nil })
        #expect(found.allSatisfy { $0.resourceId.subscriptionId == "1d6a8f0e-7c33-4e58-9a61-2f4b8e5c9d17" })
        #expect(found.allSatisfy { $0.since == DemoHistory.date("2026-11-13T07:00:00Z") })
        #expect(try Self.mismatches("2026-11-13T09:00:00Z", backend).isEmpty)
    }
}
