import Foundation
import JSONCore
import PolicyModel
import Simulation
import Testing

@Suite struct ScenarioTests {
    static func decode(_ text: String) throws(InputError) -> Scenario {
        try Scenario.decode(try! JSONParser.parse(text), file: "scenario.json", directory: "/repo/Fixtures/scenarios")
    }

    @Test func pathsResolveBesideTheFileAndEventsSortByTime() throws {
        let scenario = try Self.decode(
            #"""
            {"tenant": "../demo-tenant", "schedule": "../../Schedules/azure-observed.yaml",
             "start": "2026-11-01T00:00:00Z", "end": "2026-12-01T00:00:00Z",
             "events": [{"at": "2026-11-05T00:00:00Z", "scan": true},
                        {"at": "2026-11-03T10:00:00Z", "delete": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a"}]}
            """#)
        #expect(scenario.tenantPath == "/repo/Fixtures/demo-tenant")
        #expect(scenario.schedulePath == "/repo/Schedules/azure-observed.yaml")
        #expect(scenario.events.map(\.index) == [1, 0])
    }

    @Test func badEventsAreErrorsNamingTheEventIndex() {
        do {
            _ = try Self.decode(
                #"""
                {"tenant": ".", "schedule": "s.yaml", "start": "2026-11-01T00:00:00Z", "end": "2026-11-02T00:00:00Z",
                 "events": [{"at": "yesterday", "scan": true}, {"at": "2026-11-01T01:00:00Z"},
                            {"at": "2026-11-01T02:00:00Z", "put": {"id": "/subscriptions/s1"}},
                            {"at": "2026-12-01T00:00:00Z", "scan": true},
                            {"at": "2026-11-01T03:00:00Z", "delete": "app1", "scan": true}]}
                """#)
            Issue.record("expected errors")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "scenario.json:$.events[0].at: 'yesterday' is not an ISO 8601 instant (e.g. 2026-11-03T10:00:00Z)",
                    "scenario.json:$.events[1]: an event needs exactly one of put, delete, finding, scan (found none)",
                    "scenario.json:$.events[2].put.type: required string is missing",
                    "scenario.json:$.events[3].at: the event is outside the scenario's window 2026-11-01T00:00:00Z – 2026-11-02T00:00:00Z",
                    "scenario.json:$.events[4]: an event needs exactly one of put, delete, finding, scan (found delete, scan)",
                ])
        }
    }

    @Test func deletingAResourceTakesItsChildrenExemptionsAndFindings() throws {
        let site = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a"
        var snapshot = TenantSnapshot()
        snapshot.put(["id": .string(site), "type": "microsoft.web/sites"])
        snapshot.put([
            "id": .string(site + "/providers/microsoft.insights/diagnosticSettings/d"),
            "type": "microsoft.insights/diagnosticsettings",
        ])
        snapshot.put([
            "id": .string(site + "/providers/Microsoft.Authorization/policyExemptions/e"),
            "type": "Microsoft.Authorization/policyExemptions",
        ])
        snapshot.put([
            "id": "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/b", "type": "microsoft.web/sites",
        ])
        snapshot.setFinding([
            "name": "k", "properties": ["resourceDetails": ["Id": .string(site)], "status": ["code": "Healthy"]],
        ])
        #expect(snapshot.objects.count == 5)
        let removed = snapshot.delete(ResourceID(site.uppercased()))
        #expect(removed)
        #expect(
            snapshot.objects.keys.map(\.id) == ["/subscriptions/s1/resourcegroups/rg/providers/microsoft.web/sites/b"])
    }
}
