import JSONCore
import PolicyModel
import Testing

/// Defender findings name their resource as Resource Graph writes it (`resourceDetails.Id`, with
/// `Source`) or as the REST API does (`resourceDetails.id`, with `source`): both are read everywhere.
@Suite struct FindingSpellingTests {
    static let site = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a"

    static func finding(_ details: JSONValue) -> JSONValue {
        [
            "name": "k", "type": "Microsoft.Security/assessments",
            "properties": ["resourceDetails": details, "status": ["code": "Unhealthy"]],
        ]
    }

    static let graph = finding(["Source": "Azure", "Id": .string(site)])
    static let rest = finding(["source": "Azure", "id": .string(site)])

    @Test func theAccessorReadsBothSpellings() {
        #expect(Finding.assessedResourceId(in: Self.graph) == Self.site)
        #expect(Finding.assessedResourceId(in: Self.rest) == Self.site)
        #expect(
            Finding.assessedResourceId(in: Self.finding(["Source": "Azure", "ResourceId": .string(Self.site)]))
                == Self.site)
        #expect(Finding.assessedResourceId(in: Self.finding(["source": "OnPremise", "machineName": "m1"])) == nil)
        #expect(Finding.assessedResourceId(in: ["name": "k"]) == nil)
    }

    @Test func aTenantsFindingsLoadInBothSpellings() throws {
        for document in [Self.graph, Self.rest] {
            var builder = TenantBuilder()
            builder.addFindings(.array([document]), file: "findings.json")
            let tenant = try builder.build()
            #expect(tenant.findings.map(\.resourceId.rawValue) == [Self.site])
        }
    }

    @Test func aFindingWithoutAResourceIsReportedNotDropped() {
        var builder = TenantBuilder()
        builder.addFindings(.array([Self.finding(["source": "Azure"])]), file: "findings.json")
        #expect(throws: InputError.self) { _ = try builder.build() }
    }

    @Test func aSnapshotKeysFindingsInBothSpellingsAlike() {
        var graph = TenantSnapshot()
        graph.setFinding(Self.graph)
        var rest = TenantSnapshot()
        rest.setFinding(Self.rest)
        #expect(graph.objects.count == 1)
        #expect(Set(graph.objects.keys) == Set(rest.objects.keys))
        let removed = rest.delete(ResourceID(Self.site))
        #expect(removed)
        #expect(rest.objects.isEmpty)
    }
}
