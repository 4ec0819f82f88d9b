import Foundation
import JSONCore
import PolicyModel
import Testing

@testable import PolicyEngine

/// The template functions policy rules use ("ARM template functions" reference pages, and the
/// policy functions in definition-structure-policy-rule: field, current, policy, requestContext,
/// ipRangeContains, addDays, utcNow).
@Suite("Expression functions (ARM template functions, policy functions)")
struct FunctionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let expression: String
        let expected: JSONValue
        var testDescription: String { expression }
    }

    static let cases: [Case] = [
        Case(expression: "[concat('a', 'b', 1)]", expected: "ab1"),
        Case(expression: "[concat(createArray(1), createArray(2))]", expected: [1, 2]),
        Case(expression: "[toLower('AbC')]", expected: "abc"),
        Case(expression: "[toUpper('AbC')]", expected: "ABC"),
        Case(expression: "[if(equals(1, 1), 'yes', 'no')]", expected: "yes"),
        Case(expression: "[empty('')]", expected: true),
        Case(expression: "[empty(createArray())]", expected: true),
        Case(expression: "[empty(json('{}'))]", expected: true),
        Case(expression: "[first(split('a/b/c', '/'))]", expected: "a"),
        Case(expression: "[last(split('a/b/c', '/'))]", expected: "c"),
        Case(expression: "[first('xyz')]", expected: "x"),
        Case(expression: "[split('a,b;c', createArray(',', ';'))]", expected: ["a", "b", "c"]),
        Case(expression: "[length('abcd')]", expected: 4),
        Case(expression: "[length(createArray(1, 2))]", expected: 2),
        Case(expression: "[equals('a', 'A')]", expected: false),  // ARM equals is case-sensitive
        Case(expression: "[not(true())]", expected: false),
        Case(expression: "[and(true(), false())]", expected: false),
        Case(expression: "[or(true(), false())]", expected: true),
        Case(expression: "[contains('Contoso', 'toso')]", expected: true),
        Case(expression: "[contains('Contoso', 'TOSO')]", expected: false),  // string contains is case-sensitive
        Case(expression: "[contains(createArray('a', 'b'), 'b')]", expected: true),
        Case(expression: "[contains(json('{\"Key\": 1}'), 'key')]", expected: true),  // object keys ignore case
        Case(expression: "[base64('one, two, three')]", expected: "b25lLCB0d28sIHRocmVl"),  // docs example
        Case(expression: "[base64ToString('b25lLCB0d28sIHRocmVl')]", expected: "one, two, three"),
        Case(expression: "[string(12)]", expected: "12"),
        Case(expression: "[string(true())]", expected: "True"),
        Case(expression: "[int('42')]", expected: 42),
        Case(expression: "[bool('TRUE')]", expected: true),
        Case(expression: "[union(createArray(1, 2), createArray(2, 3))]", expected: [1, 2, 3]),
        Case(expression: "[intersection(createArray(1, 2, 3), createArray(2, 3, 4))]", expected: [2, 3]),
        Case(expression: "[replace('a-b-c', '-', '')]", expected: "abc"),
        Case(expression: "[substring('abcdef', 1, 3)]", expected: "bcd"),
        Case(expression: "[startsWith('AbCdef', 'abc')]", expected: true),  // ARM startsWith ignores case
        Case(expression: "[endsWith('abcDEF', 'def')]", expected: true),
        Case(expression: "[indexOf('test', 'T')]", expected: 0),  // docs example: case-insensitive
        Case(expression: "[lastIndexOf('abcabc', 'b')]", expected: 4),
        Case(expression: "[indexOf('abc', 'z')]", expected: -1),
        Case(expression: "[json('[1, \"a\"]')]", expected: [1, "a"]),
        Case(expression: "[createObject('a', 1).a]", expected: 1),
        Case(expression: "[coalesce(null(), 'x')]", expected: "x"),
        Case(expression: "[greater(2, 1)]", expected: true),
        Case(expression: "[greaterOrEquals('b', 'a')]", expected: true),
        Case(expression: "[less(1, 2)]", expected: true),
        Case(expression: "[lessOrEquals(2, 2)]", expected: true),
        Case(expression: "[padLeft('7', 3, '0')]", expected: "007"),
        Case(expression: "[trim('  x  ')]", expected: "x"),
        Case(expression: "[add(2, 3)]", expected: 5),
        Case(expression: "[mul(2, 3)]", expected: 6),
        Case(expression: "[sub(2, 3)]", expected: -1),
        Case(expression: "[div(7, 2)]", expected: 3),
        Case(expression: "[mod(7, 2)]", expected: 1),
        Case(expression: "[max(1, 5, 3)]", expected: 5),
        Case(expression: "[min(createArray(4, 2))]", expected: 2),
        Case(expression: "[take(createArray(1, 2, 3), 2)]", expected: [1, 2]),
        Case(expression: "[skip('abc', 1)]", expected: "bc"),
        Case(expression: "[tryGet(json('{\"a\": {\"b\": 1}}'), 'a', 'b')]", expected: 1),
        Case(expression: "[tryGet(json('{}'), 'a')]", expected: .null),
        Case(expression: "[format('{0}-{1}', 'a', 2)]", expected: "a-2"),
        Case(expression: "[split('a/b/c', '/')[1]]", expected: "b"),
        Case(expression: "[ipRangeContains('10.0.0.0/8', '10.1.2.0/24')]", expected: true),  // docs example
        Case(expression: "[ipRangeContains('10.0.0.0/8', '11.0.0.0/24')]", expected: false),
        Case(expression: "[ipRangeContains('2001:0db8::/32', '2001:0db8:1::/48')]", expected: true),
        Case(expression: "[addDays('2024-02-28T00:00:00Z', 2)]", expected: "2024-03-01T00:00:00.0000000Z"),
        Case(expression: "[requestContext().apiVersion]", expected: "2021-04-01"),
        Case(expression: "[subscription().subscriptionId]", expected: "00000000-0000-0000-0000-000000000001"),
        Case(expression: "[resourceGroup().name]", expected: "rg1"),
        Case(expression: "[field('name')]", expected: "vm1"),
        Case(expression: "[[not an expression]", expected: "[not an expression]"),
    ]

    @Test("Function result", arguments: cases)
    func functionResult(_ c: Case) throws {
        #expect(try ExpressionHarness.evaluate(c.expression) == c.expected)
    }

    @Test("utcNow() reads the injected time, never the clock")
    func utcNowInjected() throws {
        let environment = EvaluationEnvironment(now: Date(timeIntervalSince1970: 86_400))
        #expect(
            try ExpressionHarness.evaluate("[utcNow()]", environment: environment) == "1970-01-02T00:00:00.0000000Z")
        #expect(try ExpressionHarness.evaluate("[utcNow('yyyyMMdd')]", environment: environment) == "19700102")
    }

    @Test("parameters() folds at compile time; field() does not")
    func folding() throws {
        let parameters = JSONObject([.init(key: "tagName", value: "env")])
        #expect(try ExpressionHarness.folds("[concat('tags[', parameters('tagName'), ']')]", parameters: parameters))
        #expect(try !ExpressionHarness.folds("[concat(field('name'), 'x')]"))
    }

    @Test("A failing function is an Error state with the reason (docs: a failed evaluation is an implicit deny)")
    func failingFunctionIsError() throws {
        let policy = try EngineTestSupport.compileRule(
            #"""
            {"if": {"value": "[substring(field('name'), 0, 10)]", "equals": "x"}, "then": {"effect": "deny"}}
            """#)
        let result = policy.evaluate(
            EngineTestSupport.resource(["name": "vm1", "type": "Microsoft.Compute/virtualMachines"]))
        #expect(result.complianceState == .error)
        #expect(result.reasons.first?.contains("substring") == true)
    }

    @Test("if() evaluates only the chosen branch (docs: avoiding template failures)")
    func ifIsLazy() throws {
        let docs = "[if(greaterOrEquals(length(field('name')), 5), substring(field('name'), 0, 5), 'short')]"
        #expect(try ExpressionHarness.evaluate(docs) == "short")
    }

    /// "Azure Policy definition structure policy rule", Policy functions: "The following functions aren't
    /// available in policy rules: copyIndex(), dateTimeAdd(), dateTimeFromEpoch, dateTimeToEpoch, …"
    /// https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions
    @Test("Forbidden and unknown functions are compile errors that name them")
    func unsupportedFunctions() {
        let texts = [
            "[resourceId('a', 'b')]", "[variables('x')]", "[frobnicate(1)]",
            "[dateTimeAdd('2026-01-01T00:00:00Z', 'P1D')]", "[dateTimeFromEpoch(0)]",
        ]
        for text in texts {
            let error = #expect(throws: PolicyCompileError.self) { _ = try ExpressionHarness.evaluate(text) }
            #expect(error?.code == .unsupportedFunction, "\(text)")
        }
    }
}

@Suite("Environment functions")
struct EnvironmentFunctionTests {
    @Test("resourceGroup() has managedBy (null unless the group row says otherwise), as built-ins read it")
    func resourceGroupManagedBy() throws {
        #expect(try ExpressionHarness.evaluate("[resourceGroup().managedBy]") == .null)
        let row: JSONValue = ["location": "westeurope", "managedBy": "/subscriptions/x/databricks"]
        let environment = EvaluationEnvironment(resourceGroups: [
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg1": row
        ])
        #expect(
            try ExpressionHarness.evaluate("[resourceGroup().managedBy]", environment: environment)
                == "/subscriptions/x/databricks")
        #expect(try ExpressionHarness.evaluate("[resourceGroup().location]", environment: environment) == "westeurope")
    }
}
