import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// Compilation: parameters (definition-structure-parameters), initiative references
/// (definition-structure-policy-set), and the shape errors a user gets.
@Suite("Compiler and parameters")
struct CompilerTests {
    @Test("Assignment values override declared defaults; a parameter without either is a compile error naming it")
    func parameters() throws {
        let rule = #"{"if": {"field": "location", "notIn": "[parameters('allowed')]"}, "then": {"effect": "deny"}}"#
        let declarations = #"{"allowed": {"type": "Array", "defaultValue": ["westeurope"]}}"#
        let eastus = EngineTestSupport.resource(["type": "Microsoft.Web/sites", "location": "East US"])
        #expect(
            try EngineTestSupport.compileRule(rule, parameters: declarations).evaluate(eastus).complianceState
                == .nonCompliant)
        #expect(
            try EngineTestSupport.compileRule(rule, parameters: declarations, values: ["allowed": ["eastus"]]).evaluate(
                eastus
            ).complianceState == .compliant)
        do {
            _ = try EngineTestSupport.compileRule(rule, parameters: #"{"allowed": {"type": "Array"}}"#)
            Issue.record("expected missingParameter")
        } catch let error as PolicyCompileError {
            #expect(error.code == .missingParameter)
            #expect(error.message.contains("allowed"))
        }
    }

    @Test("Set reference parameters evaluate against the set's values")
    func setParameters() throws {
        let reference = try JSONParser.parse(
            #"""
            {"effect": {"value": "[parameters('webEffect')]"}, "tagName": {"value": "[concat('cost-', parameters('suffix'))]"}, "fixed": {"value": 3}}
            """#
        ).objectValue
        let declarations = try JSONParser.parse(
            #"{"webEffect": {"type": "String", "defaultValue": "Audit"}, "suffix": {"type": "String"}}"#
        ).objectValue
        let values = try SetParameterResolver.resolve(
            reference: reference, setDeclarations: declarations, setValues: ["suffix": "center"])
        #expect(values["effect"] == "Audit")
        #expect(values["tagName"] == "cost-center")
        #expect(values["fixed"] == 3)
    }

    @Test(
        "Shape errors carry the JSON path",
        arguments: [
            (#"{"if": {"field": "name"}, "then": {"effect": "audit"}}"#, "$.properties.policyRule.if"),
            (
                #"{"if": {"allOf": {"field": "name", "equals": "x"}}, "then": {"effect": "audit"}}"#,
                "$.properties.policyRule.if.allOf"
            ),
            (
                #"{"if": {"field": "name", "equals": "[concat('a']"}, "then": {"effect": "audit"}}"#,
                "$.properties.policyRule.if.equals"
            ),
            (#"{"then": {"effect": "audit"}}"#, "$.properties.policyRule"),
        ])
    func shapeErrors(_ rule: String, _ path: String) {
        do {
            _ = try EngineTestSupport.compileRule(rule)
            Issue.record("expected a compile error")
        } catch let error as PolicyCompileError {
            #expect(error.path.description == path)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(
        "Unknown aliases under .treatAsNotApplicable compile and apply to nothing (policy-applicability: invalid alias)"
    )
    func lenientUnknownAlias() throws {
        let definition = try JSONParser.parse(
            #"{"properties": {"mode": "All", "policyRule": {"if": {"field": "Microsoft.Web/sites/nope", "equals": 1}, "then": {"effect": "audit"}}}}"#
        )
        let policy = try PolicyCompiler(aliases: EngineTestSupport.testAliases, unknownAliases: .treatAsNotApplicable)
            .compile(definition)
        #expect(policy.unknownAliases == ["Microsoft.Web/sites/nope"])
        #expect(!policy.evaluate(EngineTestSupport.resource(["type": "Microsoft.Web/sites"])).applicable)
    }

    @Test("policy() returns the assignment context")
    func policyFunction() throws {
        let definition = try JSONParser.parse(
            #"{"properties": {"policyRule": {"if": {"value": "[policy().definitionReferenceId]", "equals": "ref1"}, "then": {"effect": "audit"}}}}"#
        )
        let policy = try PolicyCompiler(aliases: AliasTable()).compile(
            definition, context: PolicyContext(definitionReferenceId: "ref1"))
        #expect(
            policy.evaluate(EngineTestSupport.resource(["type": "Microsoft.Web/sites", "location": "x"]))
                .complianceState == .nonCompliant)
    }
}
