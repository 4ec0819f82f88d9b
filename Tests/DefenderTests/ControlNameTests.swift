import Defender
import Foundation
import JSONCore
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// Control names per "Secure score in Defender for Cloud"
/// (https://learn.microsoft.com/azure/defender-for-cloud/secure-score-security-controls): the DDoS control is
/// "Protect applications against DDoS attacks"; "Enable Advanced Threat Protection" (the 2020-01-01 secureScore
/// examples) is the older name of "Enable enhanced security features".
@Suite struct ControlNameTests {
    @Test func theDemoTenantUsesTheCurrentNamesAndOlderOnesStillMatch() throws {
        let tenant = try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load()
        let catalog = RecommendationCatalog(tenant: tenant)
        #expect(
            catalog.controls["a9909064-42b4-4d34-8143-275477afe18b"]?.displayName
                == "Protect applications against DDoS attacks")
        #expect(
            catalog.control(named: "Enable Advanced Threat Protection")?.key == "4db8d6cf-075b-4149-a813-da09ca2ae120")
        #expect(
            catalog.control(named: "enable enhanced security features")?.key == "4db8d6cf-075b-4149-a813-da09ca2ae120")
        #expect(catalog.control(named: "Enable DDoS protection")?.key == "a9909064-42b4-4d34-8143-275477afe18b")
        #expect(catalog.control(named: "Enable threat protection") == nil)
    }

    @Test func aControlStillCarryingItsOlderNameAnswersToTheCurrentOne() {
        let old = ControlDefinition(
            key: "4db8d6cf-075b-4149-a813-da09ca2ae120", displayName: "Enable Advanced Threat Protection", maxScore: 0,
            assessmentKeys: [], json: .null)
        #expect(old.isNamed("Enable enhanced security features"))
        #expect(!old.isNamed("Enable MFA"))
        #expect(
            ControlDefinition.currentName(of: "ENABLE ADVANCED THREAT PROTECTION")
                == "Enable enhanced security features")
    }
}
