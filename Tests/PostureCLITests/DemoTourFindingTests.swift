import JSONCore
import Simulation
import Testing

@testable import PostureCLI

/// The demo tour names a finding's resource in either spelling (`resourceDetails.Id` or `.id`).
@Suite struct DemoTourFindingSpellingTests {
    @Test(arguments: ["Id", "id"])
    func theTourDescribesAFindingInEitherSpelling(_ member: String) {
        let site = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app1"
        let details: JSONValue = .object(
            JSONObject([
                JSONObject.Member(key: member == "Id" ? "Source" : "source", value: "Azure"),
                JSONObject.Member(key: member, value: .string(site)),
            ]))
        let finding: JSONValue = [
            "name": "k", "properties": ["resourceDetails": details, "status": ["code": "Unhealthy"]],
        ]
        #expect(DemoTour.describe(.finding(finding)) == "Defender finding k on app1: Unhealthy")
    }
}
