import AzureExport
import Testing

/// "Guidance for throttled requests in Azure Resource Graph"
/// (https://learn.microsoft.com/en-us/azure/governance/resource-graph/concepts/guidance-for-throttled-requests).
@Suite("What counts as throttling in az's stderr")
struct ThrottlingTests {
    @Test(
        "429, RateLimiting and Too Many Requests are throttling",
        arguments: [
            "ERROR: (429) Too Many Requests", "ERROR: Operation returned an invalid status code 429",
            "ERROR: (RateLimiting) Client application has been throttled", "Code: 429",
        ])
    func throttling(_ stderr: String) {
        #expect(AzureCLIFailure(status: "exited(1)", standardError: stderr).isThrottling)
    }

    @Test(
        "A 429 inside an id or a number is not",
        arguments: [
            "ERROR: (AuthorizationFailed) no access to /subscriptions/6f785871-4296-4118-8534-25ff2c2061fb",
            "ERROR: (ResourceNotFound) resource x4290 not found", "ERROR: (BadRequest) 14291 rows",
        ])
    func notThrottling(_ stderr: String) {
        #expect(!AzureCLIFailure(status: "exited(1)", standardError: stderr).isThrottling)
    }

    @Test("The message is az's ERROR line")
    func message() {
        let failure = AzureCLIFailure(status: "exited(1)", standardError: "WARNING: x\nERROR: (Forbidden) no\nmore")
        #expect(failure.message == "az exited(1): ERROR: (Forbidden) no")
    }
}
