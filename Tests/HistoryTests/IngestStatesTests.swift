import Defender
import Foundation
import History
import HistoryTestSupport
import JSONCore
import PolicyModel
import Testing

/// `posture ingest states`: rows exported from Azure (`az policy state list`, the policyStates
/// shape) read back exactly and recorded as a policy cycle Defender can run over.
@Suite struct IngestStatesTests {
    typealias F = HistoryFixture

    @Test func exportedStatesReadBackExactly() throws {
        var exempt = F.state(2, .exempt)
        exempt.exemption = PolicyState.ExemptionReference(
            id: ResourceID("/subscriptions/s1/providers/Microsoft.Authorization/policyExemptions/x"),
            category: .mitigated)
        let states = [F.state(1, .nonCompliant), exempt]
        let document: JSONValue = ["value": .array(states.map { $0.json(managementGroupIds: ["contoso"]) })]
        let read = try PolicyState.decodeAll(try JSONParser.parse(JSONWriter().string(document)), file: "states.json")
        #expect(read == states)
    }

    @Test func badRowsAreReportedWithTheirPath() throws {
        let document = try JSONParser.parse(
            #"{"value": [{"timestamp": "yesterday", "resourceId": "/subscriptions/s1", "policyAssignmentId": "/a", "policyDefinitionId": "/d", "complianceState": "Compliant"}, {"timestamp": "2026-11-01T00:00:00Z", "resourceId": "/subscriptions/s1", "policyAssignmentId": "/a", "policyDefinitionId": "/d", "complianceState": "Green"}]}"#
        )
        #expect(throws: InputError.self) { try PolicyState.decodeAll(document, file: "states.json") }
        do {
            _ = try PolicyState.decodeAll(document, file: "states.json")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "states.json:$.value[0].timestamp: timestamp 'yesterday' is not an ISO 8601 date-time with a zone (Z or ±hh:mm)",
                    "states.json:$.value[1].complianceState: complianceState must be one of NonCompliant, Compliant, Error, Conflict, Protected, Exempt, Unknown, found 'Green'",
                ])
        }
    }

    @Test(arguments: Backend.all) func ingestedStatesAreAPolicyCycleDefenderReads(_ backend: Backend) throws {
        let db = try TemporaryHistory(backend)
        let at = F.date("2026-11-01T05:00:00Z")
        let cycle = try db.store.recordPolicyCycle(
            NewCycle(kind: .policy, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
            results: PolicyResults(states: [F.state(1, .nonCompliant), F.state(2, .compliant)]))
        #expect(cycle.source == "ingest")
        #expect(try db.store.policyResults(visibleAt: at).states.map(\.complianceState) == [.nonCompliant, .compliant])
    }
}
