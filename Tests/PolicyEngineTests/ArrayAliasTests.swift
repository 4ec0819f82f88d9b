import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// The `[*]` rule, per "Author policies for array properties on Azure resources"
/// (how-to/author-policies-for-arrays): a field condition over `[*]` is an implicit "all of" over the
/// selected values, and a missing or empty array selects an empty collection, so the condition holds.
@Suite("[*] field conditions (author-policies-for-arrays)")
struct ArrayAliasTests {
    static func storage(_ ipRules: String) -> String {
        #"{"type": "Microsoft.Storage/storageAccounts", "properties": {"networkAcls": {"ipRules": \#(ipRules)}}}"#
    }

    static let twoRules = storage(
        #"[{"value": "127.0.0.1", "action": "Allow"}, {"value": "192.168.1.1", "action": "Allow"}]"#)

    // The docs' ipRules table: [127.0.0.1, 192.168.1.1].
    @Test("notEquals over [*]: one element fails, so the condition fails (docs ipRules example)")
    func notEqualsOneFails() throws {
        #expect(
            try !EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "notEquals": "127.0.0.1"}"#,
                on: Self.twoRules))
    }

    @Test("equals over [*] holds only if every element equals (docs: action Allow)")
    func equalsAll() throws {
        #expect(
            try EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].action", "equals": "Allow"}"#,
                on: Self.twoRules))
        #expect(
            try !EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "equals": "127.0.0.1"}"#,
                on: Self.twoRules))
    }

    @Test("An empty array selects an empty collection: every [*] condition holds")
    func emptyArrayHolds() throws {
        let empty = Self.storage("[]")
        for condition in [
            #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "equals": "x"}"#,
            #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "notEquals": "x"}"#,
            #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "exists": false}"#,
            #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "exists": true}"#,
        ] {
            #expect(try EngineTestSupport.holds(condition, on: empty), "\(condition)")
        }
    }

    @Test("A missing array behaves like an empty one")
    func missingArrayHolds() throws {
        let missing = #"{"type": "Microsoft.Storage/storageAccounts", "properties": {}}"#
        #expect(
            try EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "exists": false}"#,
                on: missing))
    }

    @Test("exists false over [*]: an element missing the property makes it hold only if all miss it")
    func existsPerElement() throws {
        let partly = Self.storage(#"[{"value": "1.1.1.1"}, {"action": "Allow"}]"#)
        #expect(
            try !EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "exists": false}"#,
                on: partly))
        #expect(
            try !EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value", "exists": true}"#,
                on: partly))
    }

    @Test("The array alias without [*] is the array itself")
    func arrayItself() throws {
        #expect(
            try EngineTestSupport.holds(
                #"{"field": "Microsoft.Storage/storageAccounts/networkAcls.ipRules", "exists": true}"#,
                on: Self.twoRules))
        #expect(
            try EngineTestSupport.holds(
                #"{"value": "[length(field('Microsoft.Storage/storageAccounts/networkAcls.ipRules'))]", "equals": 2}"#,
                on: Self.twoRules))
    }

    @Test("Nested [*]: every value of every nested array")
    func nestedWildcards() throws {
        let resource = #"""
            {"properties": {"objectArray": [{"nestedArray": [{"value": 1}, {"value": 2}]}, {"nestedArray": [{"value": 3}]}]}}
            """#
        #expect(
            try EngineTestSupport.holds(
                #"{"field": "Microsoft.Test/resourceType/objectArray[*].nestedArray[*].value", "less": 4}"#,
                on: resource))
        #expect(
            try !EngineTestSupport.holds(
                #"{"field": "Microsoft.Test/resourceType/objectArray[*].nestedArray[*].value", "less": 3}"#,
                on: resource))
    }

    @Test("field() of a [*] alias is the array of selected values")
    func fieldFunctionArray() throws {
        #expect(
            try EngineTestSupport.holds(
                #"{"value": "[field('Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value')]", "equals": ["127.0.0.1", "192.168.1.1"]}"#,
                on: Self.twoRules))
    }
}
