import JSONCore
import PolicyModel
import Testing

/// `settings.json`: the reading of Mitigated exemptions ("Exempt resources from recommendations",
/// https://learn.microsoft.com/azure/defender-for-cloud/exempt-resource: since 2026-04 they count healthy;
/// 2021-11 to 2026-01 they were excluded like Waivers).
@Suite struct TenantSettingsTests {
    static func build(_ text: String) throws -> Tenant {
        var builder = TenantBuilder()
        builder.addSettings(try JSONParser.parse(text), file: "settings.json")
        return try builder.build()
    }

    @Test func theDefaultIsTheCurrentRule() throws {
        #expect(try Self.build("{}").settings.mitigatedExemptions == .healthy)
        #expect(TenantSettings().mitigatedExemptions == .healthy)
    }

    @Test func theOlderReadingCanBeChosenAndSurvivesASnapshot() throws {
        let tenant = try Self.build(#"{"mitigatedExemptions": "Excluded"}"#)
        #expect(tenant.settings.mitigatedExemptions == .excluded)
        #expect(try TenantSnapshot(tenant).tenant().settings.mitigatedExemptions == .excluded)
    }

    @Test(arguments: [
        (
            #"{"mitigatedExemptions": "ignored"}"#,
            "settings.json:$.mitigatedExemptions: mitigatedExemptions must be 'healthy' or 'excluded', found 'ignored'"
        ),
        (#"{"mitigatedExemptions": 1}"#, "settings.json:$.mitigatedExemptions: expected a string, found number"),
        (
            #"{"mitigated": "healthy"}"#,
            "settings.json:$.mitigated: unknown setting 'mitigated'; settings.json takes mitigatedExemptions"
        ),
        ("[]", "settings.json:$: expected an object, found array"),
    ])
    func badSettingsNameFileAndPath(text: String, message: String) throws {
        let error = try #require(throws: InputError.self) { try Self.build(text) }
        #expect(error.diagnostics.map(\.description) == [message])
    }
}
