import PolicyModel
import Testing

@Suite struct ResourceIDTests {
    static let sub = "/subscriptions/5b0c2f0e-7a4e-4d0e-9f4b-2f1d7f6e8a11"

    @Test func comparesIgnoringCaseAndTrailingSlash() {
        #expect(
            ResourceID(Self.sub + "/resourceGroups/RG/") == ResourceID(Self.sub.uppercased() + "/resourcegroups/rg"))
    }

    @Test func knowsScopeKinds() {
        #expect(ResourceID("/providers/Microsoft.Management/managementGroups/contoso").scopeKind == .managementGroup)
        #expect(ResourceID(Self.sub).scopeKind == .subscription)
        #expect(ResourceID(Self.sub + "/resourceGroups/rg").scopeKind == .resourceGroup)
        #expect(ResourceID(Self.sub + "/resourceGroups/rg/providers/Microsoft.Web/sites/a").scopeKind == .resource)
    }

    @Test func derivesTypesOfChildAndExtensionResources() {
        let db = ResourceID(Self.sub + "/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/db1")
        #expect(db.resourceType == "Microsoft.Sql/servers/databases")
        #expect(db.parent == ResourceID(Self.sub + "/resourceGroups/rg/providers/Microsoft.Sql/servers/s1"))
        let vault = Self.sub + "/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1"
        let diagnostics = ResourceID(vault + "/providers/microsoft.insights/diagnosticSettings/toLogs")
        #expect(diagnostics.resourceType == "microsoft.insights/diagnosticSettings")
        #expect(diagnostics.parent == ResourceID(vault))
        #expect(ResourceID(vault).parent == ResourceID(Self.sub + "/resourceGroups/rg"))
        #expect(ResourceID(Self.sub + "/resourceGroups/rg").parent == ResourceID(Self.sub))
    }

    @Test func parentsAndNamesKeepTheirCasing() {
        let child = ResourceID(Self.sub + "/resourceGroups/RG-Web/providers/Microsoft.Web/sites/App1/config/web/")
        #expect(child.parent?.rawValue == Self.sub + "/resourceGroups/RG-Web/providers/Microsoft.Web/sites/App1")
        #expect(child.parent?.parent?.rawValue == Self.sub + "/resourceGroups/RG-Web")
        #expect(child.resourceGroup == "RG-Web")
        #expect(child.subscriptionId == "5b0c2f0e-7a4e-4d0e-9f4b-2f1d7f6e8a11")
        let site = Self.sub + "/resourceGroups/RG/providers/Microsoft.Web/sites/App1"
        let setting = ResourceID(site + "/PROVIDERS/Microsoft.Insights/diagnosticSettings/Send")
        #expect(setting.parent?.rawValue == site)
        #expect(child.name == "web", "the trailing slash is not a segment")
        #expect(ResourceID(site).name == "App1")
        #expect(ResourceID("/").name == "" && ResourceID("").name == "")
    }

    @Test func nonASCIINamesKeepTheirSegments() {
        // `İ` lower-cases to two scalars, so the key is longer than the id in bytes.
        let id = ResourceID(Self.sub + "/resourceGroups/RG-İstanbul/providers/Microsoft.Web/sites/Café")
        #expect(id.resourceGroup == "RG-İstanbul")
        #expect(id.scopeKind == .resource)
        #expect(id.parent?.rawValue == Self.sub + "/resourceGroups/RG-İstanbul")
        #expect(ResourceID(Self.sub + "/resourceGroups/Café").resourceGroup == "Café")
    }

    @Test func scopeContainmentRespectsSegmentBoundaries() {
        let rg = ResourceID(Self.sub + "/resourceGroups/rg-web")
        #expect(ResourceID(Self.sub + "/resourceGroups/rg-web/providers/Microsoft.Web/sites/a").isAtOrUnder(rg))
        #expect(rg.isAtOrUnder(rg))
        #expect(!ResourceID(Self.sub + "/resourceGroups/rg-web2").isAtOrUnder(rg))
    }

    @Test func exemptionAndAssignmentScopesComeFromTheirIds() {
        let id = ResourceID(Self.sub + "/resourceGroups/rg/providers/Microsoft.Authorization/policyExemptions/x")
        #expect(id.scopeOfChild == ResourceID(Self.sub + "/resourceGroups/rg"))
        let onResource = ResourceID(
            Self.sub
                + "/resourceGroups/rg/providers/Microsoft.Web/sites/a/providers/Microsoft.Authorization/policyExemptions/x"
        )
        #expect(onResource.scopeOfChild == ResourceID(Self.sub + "/resourceGroups/rg/providers/Microsoft.Web/sites/a"))
    }
}
