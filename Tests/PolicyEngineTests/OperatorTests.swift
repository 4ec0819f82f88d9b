import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// Each condition operator, per "Azure Policy definition structure policy rule" (Conditions):
/// strings compare case-insensitively except match/notMatch; like takes a `*` wildcard; match takes
/// `#` (digit), `?` (letter), `.` (any character).
@Suite("Condition operators (definition-structure-policy-rule: Conditions)")
struct OperatorTests {
    static let resource = """
        {"name": "web1", "type": "Microsoft.Web/sites", "location": "East US 2",
         "tags": {"Env": "Prod", "cost.center": "42"},
         "properties": {"httpsOnly": false, "text": "Contoso-App", "count": 5, "port": "443",
                        "settings": {"Alpha": 1}, "stringArray": ["a", "B"]}}
        """

    struct Case: CustomTestStringConvertible, Sendable {
        let condition: String
        let holds: Bool
        var testDescription: String { condition }
    }

    static let cases: [Case] = [
        // equals / notEquals: case-insensitive, numbers and Booleans coerce from strings.
        Case(condition: #"{"field": "Microsoft.Web/sites/httpsOnly", "equals": false}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Web/sites/httpsOnly", "equals": "false"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/text", "equals": "contoso-app"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/text", "notEquals": "CONTOSO-APP"}"#, holds: false),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/count", "equals": "5"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/missing", "notEquals": "x"}"#, holds: true),
        // like / notLike
        Case(condition: #"{"field": "name", "like": "WEB*"}"#, holds: true),
        Case(condition: #"{"field": "name", "like": "*1"}"#, holds: true),
        Case(condition: #"{"field": "name", "like": "app*"}"#, holds: false),
        Case(condition: #"{"field": "name", "notLike": "app*"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/missing", "notLike": "*"}"#, holds: true),
        // match family: case-sensitive unless Insensitively.
        Case(condition: #"{"field": "name", "match": "???#"}"#, holds: true),
        Case(condition: #"{"field": "name", "match": "web."}"#, holds: true),
        Case(condition: #"{"field": "name", "match": "WEB#"}"#, holds: false),
        Case(condition: #"{"field": "name", "matchInsensitively": "WEB#"}"#, holds: true),
        Case(condition: #"{"field": "name", "notMatch": "WEB#"}"#, holds: true),
        Case(condition: #"{"field": "name", "notMatchInsensitively": "WEB#"}"#, holds: false),
        Case(condition: #"{"field": "name", "match": "web"}"#, holds: false),
        // contains / notContains: substring for strings, element for arrays.
        Case(condition: #"{"field": "Microsoft.Test/resourceType/text", "contains": "TOSO"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/text", "notContains": "xyz"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/stringArray", "contains": "b"}"#, holds: true),
        // in / notIn
        Case(condition: #"{"field": "type", "in": ["microsoft.web/SITES", "x"]}"#, holds: true),
        Case(condition: #"{"field": "type", "notIn": ["Microsoft.Sql/servers"]}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/port", "in": [80, 443]}"#, holds: true),
        // containsKey / notContainsKey: keys ignore case.
        Case(condition: #"{"field": "tags", "containsKey": "env"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/settings", "containsKey": "alpha"}"#, holds: true),
        Case(condition: #"{"field": "tags", "notContainsKey": "owner"}"#, holds: true),
        // less / greater family: numbers, numeric strings, strings.
        Case(condition: #"{"field": "Microsoft.Test/resourceType/count", "less": 6}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/count", "lessOrEquals": 5}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/count", "greater": 5}"#, holds: false),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/count", "greaterOrEquals": 5}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/port", "greater": 80}"#, holds: true),
        Case(condition: #"{"field": "name", "less": "WEB2"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/missing", "greater": 1}"#, holds: false),
        // exists: true/false or "true"/"false".
        Case(condition: #"{"field": "Microsoft.Web/sites/httpsOnly", "exists": true}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/missing", "exists": "false"}"#, holds: true),
        Case(condition: #"{"field": "Microsoft.Test/resourceType/missing", "exists": true}"#, holds: false),
        // Operator keys are matched ignoring case, as built-ins write "Equals", "notin", "Like".
        Case(condition: #"{"field": "name", "Equals": "WEB1"}"#, holds: true),
        Case(
            condition: #"{"anyof": [{"field": "name", "Like": "x*"}, {"field": "name", "notin": ["a"]}]}"#, holds: true),
    ]

    @Test("Operator outcome", arguments: cases)
    func operatorOutcome(_ c: Case) throws {
        #expect(try EngineTestSupport.holds(c.condition, on: Self.resource) == c.holds)
    }

    @Test("less/greater between a number and an object is an Error state (docs: type mismatch throws)")
    func comparisonTypeMismatchIsError() throws {
        let state = try EngineTestSupport.state(
            of: #"{"field": "Microsoft.Test/resourceType/settings", "greater": 1}"#, on: Self.resource)
        #expect(state == .error)
    }

    @Test("in with a non-array value is a compile error naming the operator")
    func inNeedsArray() {
        #expect(throws: PolicyCompileError.self) {
            _ = try EngineTestSupport.state(of: #"{"field": "name", "in": "web1"}"#, on: Self.resource)
        }
    }

    @Test("Logical operators: allOf, anyOf, not (docs example: not tags containsKey application)")
    func logicalOperators() throws {
        let docsExample = #"""
            {"allOf": [{"not": {"field": "tags", "containsKey": "application"}},
                       {"field": "type", "equals": "Microsoft.Web/sites"}]}
            """#
        #expect(try EngineTestSupport.holds(docsExample, on: Self.resource))
        #expect(try !EngineTestSupport.holds(#"{"anyOf": []}"#, on: Self.resource))
        #expect(try EngineTestSupport.holds(#"{"allOf": []}"#, on: Self.resource))
    }
}

@Suite("Equality across types")
struct MixedTypeEqualityTests {
    @Test(
        "Mismatched scalar types are unequal, never a crash",
        arguments: [
            #"{"field": "Microsoft.Test/resourceType/text", "equals": null}"#,
            #"{"field": "Microsoft.Test/resourceType/count", "equals": true}"#,
            #"{"field": "Microsoft.Test/resourceType/settings", "equals": "x"}"#,
            #"{"field": "Microsoft.Test/resourceType/text", "in": [null, 1, true, {"a": 1}, ["x"]]}"#,
        ])
    func mismatched(_ condition: String) throws {
        #expect(try !EngineTestSupport.holds(condition, on: OperatorTests.resource))
    }
}
