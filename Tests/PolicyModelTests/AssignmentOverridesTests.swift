import JSONCore
import PolicyModel
import Testing

/// Assignment `overrides`, per "Azure Policy assignment structure" (Overrides,
/// https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure): `kind: policyEffect`,
/// `value`, optional `selectors` by `policyDefinitionReferenceId` (`in` or `notIn`, up to 50 values),
/// at most 10 overrides, evaluated in the order in which they are specified.
@Suite struct AssignmentOverridesTests {
    static let set = "/subscriptions/s1/providers/Microsoft.Authorization/policySetDefinitions/set"

    static func build(overrides: String) throws(InputError) -> Tenant {
        var builder = TenantBuilder()
        let definitions = try? JSONParser.parse(
            #"""
            [{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyDefinitions/p",
              "properties": {"mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}},
             {"id": "\#(set)", "type": "Microsoft.Authorization/policySetDefinitions",
              "properties": {"policyDefinitions": [
                {"policyDefinitionId": "/subscriptions/s1/providers/Microsoft.Authorization/policyDefinitions/p", "policyDefinitionReferenceId": "vmSize"},
                {"policyDefinitionId": "/subscriptions/s1/providers/Microsoft.Authorization/policyDefinitions/p", "policyDefinitionReferenceId": "tags"}]}}]
            """#)
        builder.addDefinitions(definitions ?? .null, file: "definitions.json")
        let assignment = try? JSONParser.parse(
            #"{"id": "/subscriptions/s1/providers/Microsoft.Authorization/policyAssignments/a", "properties": {"policyDefinitionId": "\#(set)", "overrides": \#(overrides)}}"#
        )
        builder.addAssignments(assignment ?? .null, file: "assignment.json")
        return try builder.build()
    }

    static func assignment(_ overrides: String) throws -> PolicyAssignment {
        try #require(try build(overrides: overrides).assignments.first)
    }

    @Test func theDocsExampleTurnsOneMemberOff() throws {
        let a = try Self.assignment(
            #"[{"kind": "policyEffect", "value": "disabled", "selectors": [{"kind": "policyDefinitionReferenceId", "in": ["VMSize"]}]}]"#
        )
        #expect(a.overrides.count == 1)
        #expect(a.effectOverride(for: "vmSize") == "disabled")
        #expect(a.effectOverride(for: "tags") == nil)
    }

    @Test func withoutSelectorsEveryMemberTakesTheOverride_notInExcludes() throws {
        let a = try Self.assignment(#"[{"kind": "PolicyEffect", "value": "Audit"}]"#)
        #expect(a.effectOverride(for: "vmSize") == "Audit" && a.effectOverride(for: nil) == "Audit")
        let b = try Self.assignment(
            #"[{"kind": "policyEffect", "value": "Deny", "selectors": [{"kind": "policyDefinitionReferenceId", "notIn": ["tags"]}]}]"#
        )
        #expect(b.effectOverride(for: "vmSize") == "Deny" && b.effectOverride(for: "tags") == nil)
    }

    @Test func overridesApplyInOrderSoTheLastMatchingOneDecides() throws {
        let a = try Self.assignment(
            #"[{"kind": "policyEffect", "value": "Audit"}, "#
                + #"{"kind": "policyEffect", "value": "Disabled", "selectors": [{"kind": "policyDefinitionReferenceId", "in": ["tags"]}]}]"#
        )
        #expect(a.effectOverride(for: "tags") == "Disabled")
        #expect(a.effectOverride(for: "vmSize") == "Audit")
    }

    @Test(arguments: [
        (
            #"[{"kind": "policyEffect", "value": "Delete"}]"#,
            "assignment.json:$.properties.overrides[0].value: 'Delete' is not an Azure Policy effect"
        ),
        (
            #"[{"kind": "resourceLocation", "value": "audit"}]"#,
            "assignment.json:$.properties.overrides[0].kind: unknown override kind 'resourceLocation'; expected policyEffect"
        ),
        (
            #"[{"kind": "policyEffect", "value": "audit", "selectors": [{"kind": "resourceType", "in": ["x"]}]}]"#,
            "assignment.json:$.properties.overrides[0].selectors[0].kind: an override selector's kind must be policyDefinitionReferenceId, found 'resourceType'"
        ),
        (
            #"[{"kind": "policyEffect", "value": "audit", "selectors": [{"kind": "policyDefinitionReferenceId", "in": ["a"], "notIn": ["b"]}]}]"#,
            "assignment.json:$.properties.overrides[0].selectors[0]: a selector takes 'in' or 'notIn', not both"
        ),
        (#"{"kind": "policyEffect"}"#, "assignment.json:$.properties.overrides: expected an array, found object"),
        (
            "[" + Array(repeating: #"{"kind": "policyEffect", "value": "audit"}"#, count: 11).joined(separator: ",")
                + "]",
            "assignment.json:$.properties.overrides: an assignment takes at most 10 overrides, found 11"
        ),
    ])
    func badShapesAreRefusedWithFileAndPath(overrides: String, message: String) throws {
        let error = try #require(throws: InputError.self) { try Self.build(overrides: overrides) }
        #expect(error.diagnostics.map(\.description).contains(message))
    }
}
