import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// The fields of definition-structure-policy-rule (Fields): name, fullName, kind, type, location
/// (normalised), id, identity.type, tags, tags['x'], tags.x, tags[x], and aliases.
@Suite("Fields (definition-structure-policy-rule: Fields)")
struct FieldTests {
    static let database = #"""
        {"id": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/Microsoft.Sql/servers/srv1/databases/db1",
         "name": "db1", "type": "Microsoft.Sql/servers/databases", "kind": "v12.0,user", "location": "West Europe",
         "identity": {"type": "SystemAssigned"},
         "tags": {"Acct.CostCenter": "42", "env": "prod", "'My.Apostrophe.Tag'": "x"}}
        """#

    @Test("name, fullName, kind, type, id, identity.type")
    func computedFields() throws {
        for condition in [
            #"{"field": "name", "equals": "db1"}"#,
            #"{"field": "fullName", "equals": "srv1/db1"}"#,
            #"{"field": "kind", "like": "v12.0*"}"#,
            #"{"field": "type", "equals": "microsoft.sql/servers/databases"}"#,
            #"{"field": "id", "like": "*/databases/db1"}"#,
            #"{"field": "identity.type", "equals": "systemassigned"}"#,
        ] {
            #expect(try EngineTestSupport.holds(condition, on: Self.database), "\(condition)")
        }
    }

    @Test("location is normalised: 'West Europe' equals 'westeurope' and in ['West Europe']")
    func locationNormalised() throws {
        #expect(try EngineTestSupport.holds(#"{"field": "location", "equals": "westeurope"}"#, on: Self.database))
        #expect(try EngineTestSupport.holds(#"{"field": "location", "in": ["West Europe"]}"#, on: Self.database))
    }

    @Test(
        "Every spelling of a tag field",
        arguments: [
            #"{"field": "tags['Acct.CostCenter']", "equals": "42"}"#,
            #"{"field": "tags[Acct.CostCenter]", "equals": "42"}"#,
            #"{"field": "tags.env", "equals": "PROD"}"#,
            #"{"field": "tags['''My.Apostrophe.Tag''']", "exists": true}"#,
            #"{"field": "[concat('tags[', 'env', ']')]", "equals": "prod"}"#,
            #"{"field": "tags", "containsKey": "ENV"}"#,
        ])
    func tagFields(_ condition: String) throws {
        #expect(try EngineTestSupport.holds(condition, on: Self.database))
    }

    @Test("Aliases resolve through the table and read case-insensitively")
    func aliasLookup() throws {
        let site = #"{"type": "Microsoft.Web/sites", "Properties": {"HttpsOnly": true}}"#
        #expect(try EngineTestSupport.holds(#"{"field": "microsoft.web/SITES/httpsonly", "equals": true}"#, on: site))
    }

    @Test("An alias missing from the table is a compile error naming it")
    func unknownAlias() {
        do {
            _ = try EngineTestSupport.compileRule(
                #"{"if": {"field": "Microsoft.Web/sites/nope", "equals": 1}, "then": {"effect": "audit"}}"#)
            Issue.record("expected a compile error")
        } catch let error as PolicyCompileError {
            #expect(error.code == .unknownAlias)
            #expect(error.message.contains("Microsoft.Web/sites/nope"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("A plain property path (no namespace) reads the resource JSON directly")
    func plainPath() throws {
        #expect(
            try EngineTestSupport.holds(
                #"{"field": "properties.httpsOnly", "equals": false}"#,
                on: #"{"type": "Microsoft.Web/sites", "properties": {"httpsOnly": false}}"#))
    }

    @Test("Type-dependent aliases read the path that exists (Microsoft.Compute/licenseType on a VM and a scale set)")
    func typeDependentAlias() throws {
        let aliases = AliasTable(["Microsoft.Compute/licenseType": "properties.virtualMachineProfile.licenseType"])
        let policy = try EngineTestSupport.compileRule(
            #"{"if": {"field": "Microsoft.Compute/licenseType", "equals": "Windows_Server"}, "then": {"effect": "audit"}}"#,
            aliases: aliases)
        let vm = EngineTestSupport.resource([
            "type": "Microsoft.Compute/virtualMachines", "properties": ["licenseType": "Windows_Server"],
        ])
        let scaleSet = EngineTestSupport.resource([
            "type": "Microsoft.Compute/virtualMachineScaleSets",
            "properties": ["virtualMachineProfile": ["licenseType": "Windows_Server"]],
        ])
        #expect(policy.evaluate(vm).complianceState == .nonCompliant)
        #expect(policy.evaluate(scaleSet).complianceState == .nonCompliant)
    }
}
