import JSONCore
import PolicyModel
import Testing

@testable import Simulation

/// A scenario's `finding` events in Resource Graph's spelling (`resourceDetails.Id`) and the REST
/// API's (`resourceDetails.id` with `source`): decoded, and traced to the same resource.
@Suite struct FindingEventSpellingTests {
    static let site = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a"

    static func scenario(_ details: String) throws(InputError) -> Scenario {
        try Scenario.decode(
            try! JSONParser.parse(
                """
                {"tenant": ".", "schedule": "s.yaml", "start": "2026-11-01T00:00:00Z", "end": "2026-11-02T00:00:00Z",
                 "events": [{"at": "2026-11-01T01:00:00Z", "finding": {"name": "k", "properties": {
                   "resourceDetails": \(details), "status": {"code": "Unhealthy"}}}}]}
                """), file: "scenario.json", directory: "/repo")
    }

    @Test(arguments: [#"{"Source": "Azure", "Id": "\#(site)"}"#, #"{"source": "Azure", "id": "\#(site)"}"#])
    func findingEventsTakeBothSpellings(_ details: String) throws {
        let event = try #require(try Self.scenario(details).events.first)
        let subject = LagSubject(event, tenant: Tenant())
        #expect(subject.description == "k on " + Self.site)
        #expect(subject.identity == ResourceID(Self.site).key + "|k")
    }

    @Test func aFindingEventWithoutItsResourceIsAnError() {
        #expect(throws: InputError.self) { _ = try Self.scenario(#"{"source": "Azure"}"#) }
    }
}
