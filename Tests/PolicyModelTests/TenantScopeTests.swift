import JSONCore
import PolicyModel
import Testing

@Suite struct TenantScopeTests {
    static func tenant() throws -> Tenant {
        var builder = TenantBuilder()
        builder.addResourceContainers(
            try JSONParser.parse(
                #"""
                {"data": [
                 {"id": "/providers/Microsoft.Management/managementGroups/root", "type": "microsoft.management/managementgroups", "name": "root", "properties": {"details": {"parent": {"id": null}}}},
                 {"id": "/providers/Microsoft.Management/managementGroups/corp", "type": "microsoft.management/managementgroups", "name": "corp", "properties": {"details": {"parent": {"id": "/providers/Microsoft.Management/managementGroups/root"}}}},
                 {"id": "/subscriptions/s1", "type": "microsoft.resources/subscriptions", "name": "prod", "subscriptionId": "s1", "properties": {"managementGroupAncestorsChain": [{"name": "corp"}]}},
                 {"id": "/subscriptions/s2", "type": "microsoft.resources/subscriptions", "name": "other", "subscriptionId": "s2", "properties": {"managementGroupAncestorsChain": [{"name": "root"}]}}
                ]}
                """#), file: "resourcecontainers.json")
        return try builder.build()
    }

    @Test func managementGroupChainsAreCompletedFromParentLinks() throws {
        let tenant = try Self.tenant()
        #expect(tenant.managementGroupAncestors(ofSubscription: "S1") == ["corp", "root"])
        let resource = ResourceID("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/a")
        #expect(tenant.isUnder(resource, ResourceID("/providers/Microsoft.Management/managementGroups/ROOT")))
        #expect(tenant.isUnder(resource, ResourceID("/providers/Microsoft.Management/managementGroups/corp")))
        #expect(
            !tenant.isUnder(
                ResourceID("/subscriptions/s2"), ResourceID("/providers/Microsoft.Management/managementGroups/corp")))
        #expect(
            tenant.isUnder(
                ResourceID("/providers/Microsoft.Management/managementGroups/corp"),
                ResourceID("/providers/Microsoft.Management/managementGroups/root")))
    }
}
