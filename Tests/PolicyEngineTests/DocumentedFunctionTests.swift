import JSONCore
import PolicyModel
import Testing

@testable import PolicyEngine

/// The five classes of documented behaviour issue 13 found wrong: `ipRangeContains` at every
/// prefix length and in the start-end form, `field()` inside a count's `where`, `field()` on a
/// missing property, and `current()` without an argument.
@Suite("Documented function behaviour (policy rule page, arrays page)")
struct DocumentedFunctionTests {
    // MARK: ipRangeContains
    // "Azure Policy definition structure policy rule", Policy functions, ipRangeContains:
    // https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions
    // Formats: a single address, a CIDR range, a start-end range; "Empty ranges, or mixing
    // between IP families isn't allowed and results in evaluation failure".

    struct RangeCase: CustomTestStringConvertible, Sendable {
        let range: String
        let target: String
        let expected: Bool
        var testDescription: String { "ipRangeContains('\(range)', '\(target)') = \(expected)" }
    }

    static let rangeCases: [RangeCase] = [
        // The docs' own examples of each format.
        RangeCase(range: "10.0.0.0/24", target: "10.0.0.0", expected: true),
        RangeCase(range: "2001:0DB8::/110", target: "2001:0DB8::3:FFFE", expected: true),
        RangeCase(range: "2001:0DB8::/110", target: "2001:0DB8::3:FFFF", expected: true),
        RangeCase(range: "2001:0DB8::/110", target: "2001:0DB8::4:0", expected: false),
        RangeCase(range: "192.168.0.1-192.168.0.9", target: "192.168.0.5", expected: true),
        RangeCase(range: "192.168.0.1-192.168.0.9", target: "192.168.0.10", expected: false),
        RangeCase(range: "192.168.0.1-192.168.0.9", target: "192.168.0.0", expected: false),
        RangeCase(range: "192.168.0.1-192.168.0.9", target: "192.168.0.2-192.168.0.9", expected: true),
        RangeCase(range: "2001:0DB8::-2001:0DB8::3:FFFF", target: "2001:0DB8::/110", expected: true),
        RangeCase(range: "2001:0DB8::-2001:0DB8::3:FFFF", target: "2001:0DB8::3:FFFE", expected: true),
        RangeCase(range: "2001:0DB8::-2001:0DB8::3:FFFF", target: "2001:0DB8::4:0", expected: false),
        // Prefix lengths that are not multiples of 8.
        RangeCase(range: "172.16.0.0/12", target: "172.31.255.255", expected: true),
        RangeCase(range: "172.16.0.0/12", target: "172.32.0.0", expected: false),
        RangeCase(range: "172.16.0.0/12", target: "172.20.0.0/16", expected: true),
        RangeCase(range: "10.0.0.0/20", target: "10.0.15.0/24", expected: true),
        RangeCase(range: "10.0.0.0/20", target: "10.0.16.0/24", expected: false),
        RangeCase(range: "10.0.0.0/20", target: "10.0.0.0/19", expected: false),
        RangeCase(range: "10.0.0.0/9", target: "10.127.255.255", expected: true),
        RangeCase(range: "10.0.0.0/9", target: "10.128.0.0", expected: false),
        RangeCase(range: "2001:db8::/33", target: "2001:db8:7fff::1", expected: true),
        RangeCase(range: "2001:db8::/33", target: "2001:db8:8000::", expected: false),
        // The extremes: /0 holds the whole family, /32 and /128 a single address.
        RangeCase(range: "0.0.0.0/0", target: "255.255.255.255", expected: true),
        RangeCase(range: "0.0.0.0/0", target: "10.0.0.0/8", expected: true),
        RangeCase(range: "::/0", target: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", expected: true),
        RangeCase(range: "10.1.2.3/32", target: "10.1.2.3", expected: true),
        RangeCase(range: "10.1.2.3/32", target: "10.1.2.4", expected: false),
        RangeCase(range: "2001:db8::1/128", target: "2001:db8::1", expected: true),
        RangeCase(range: "2001:db8::1/128", target: "2001:db8::2", expected: false),
        // A wider target is not contained; CIDR and start-end forms mix within a family.
        RangeCase(range: "10.0.0.0/24", target: "10.0.0.0/16", expected: false),
        RangeCase(range: "10.0.0.0/24", target: "10.0.0.1-10.0.0.200", expected: true),
        RangeCase(range: "10.0.0.0/24", target: "10.0.0.1-10.0.1.0", expected: false),
        RangeCase(range: "::ffff:0:0/96", target: "::ffff:10.0.0.1", expected: true),
    ]

    @Test("ipRangeContains at any prefix length and in the start-end form", arguments: rangeCases)
    func ipRangeContains(_ c: RangeCase) throws {
        #expect(try ExpressionHarness.evaluate("[ipRangeContains('\(c.range)', '\(c.target)')]") == .bool(c.expected))
    }

    @Test(
        "ipRangeContains: mixed families, empty or reversed ranges and bad prefixes fail evaluation",
        arguments: [
            ("10.0.0.0/8", "2001:db8::1", "mixing IP families"),
            ("2001:db8::/32", "10.0.0.1", "mixing IP families"),
            ("10.0.0.1-2001:db8::1", "10.0.0.1", "mixes IP families"),
            ("", "10.0.0.1", "empty"),
            ("192.168.0.9-192.168.0.1", "192.168.0.5", "empty range"),
            ("10.0.0.0/33", "10.0.0.1", "prefix length must be 0 to 32"),
            ("2001:db8::/129", "2001:db8::1", "prefix length must be 0 to 128"),
            ("10.0.0.256", "10.0.0.1", "is not an IP address"),
        ])
    func ipRangeContainsFailures(_ range: String, _ target: String, _ reason: String) {
        #expect {
            _ = try ExpressionHarness.evaluate("[ipRangeContains('\(range)', '\(target)')]")
        } throws: { error in
            (error as? EvaluationError)?.message.contains(reason) == true
        }
    }

    @Test("A failing ipRangeContains is the Error state with its reason, not a crash (MCSB 55615ac9 pattern)")
    func ipRangeContainsErrorState() throws {
        let state = try EngineTestSupport.state(
            of:
                #"{"value": "[ipRangeContains('10.0.0.0/8', field('Microsoft.Test/resourceType/text'))]", "equals": false}"#,
            on: #"{"properties": {"text": "2001:db8::1"}}"#)
        #expect(state == .error)
    }

    // MARK: field() inside count.where
    // "Author policies for array properties", The field() function inside where conditions:
    // https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#the-field-function-inside-where-conditions
    // "when referring to the counted array member with a field() function inside the where
    // condition, it returns an array with a single member".

    static let arrays = #"""
        {"properties": {"stringArray": ["a", "b", "c"],
         "objectArray": [{"property": "value1", "nestedArray": [1, 2]}, {"property": "value2", "nestedArray": [3, 4]}]}}
        """#

    @Test("field() of the counted alias is a one-member array: comparing it to the member matches nothing")
    func countedAliasIsAnArray() throws {
        // The page's example: the count is 0, since "a" never equals ["a"].
        let condition = #"""
            {"count": {"field": "Microsoft.Test/resourceType/stringArray[*]",
                       "where": {"field": "Microsoft.Test/resourceType/stringArray[*]",
                                 "equals": "[field('Microsoft.Test/resourceType/stringArray[*]')]"}},
             "equals": 0}
            """#
        #expect(try EngineTestSupport.holds(condition, on: Self.arrays))
    }

    @Test("first(field()) of the counted alias is the member (the page's first() example counts 3)")
    func firstOfCountedAlias() throws {
        let condition = #"""
            {"count": {"field": "Microsoft.Test/resourceType/stringArray[*]",
                       "where": {"field": "Microsoft.Test/resourceType/stringArray[*]",
                                 "equals": "[first(field('Microsoft.Test/resourceType/stringArray[*]'))]"}},
             "equals": 3}
            """#
        #expect(try EngineTestSupport.holds(condition, on: Self.arrays))
        // length() of the one-member array is 1 for every member, not the string's length.
        let lengths = #"""
            {"count": {"field": "Microsoft.Test/resourceType/stringArray[*]",
                       "where": {"value": "[length(field('Microsoft.Test/resourceType/stringArray[*]'))]", "equals": 1}},
             "equals": 3}
            """#
        #expect(try EngineTestSupport.holds(lengths, on: Self.arrays))
    }

    @Test("Under a counted [*] prefix, field() returns the current member's values as an array (nested aliases)")
    func countedPrefix() throws {
        // Iteration 2 of the page's tables: objectArray[*].property => ["value2"], nestedArray[*] => [3, 4].
        let property = #"""
            {"count": {"field": "Microsoft.Test/resourceType/objectArray[*]",
                       "where": {"value": "[field('Microsoft.Test/resourceType/objectArray[*].property')]",
                                 "equals": ["value2"]}},
             "equals": 1}
            """#
        #expect(try EngineTestSupport.holds(property, on: Self.arrays))
        let nested = #"""
            {"count": {"field": "Microsoft.Test/resourceType/objectArray[*]",
                       "where": {"value": "[field('Microsoft.Test/resourceType/objectArray[*].nestedArray[*]')]",
                                 "equals": [3, 4]}},
             "equals": 1}
            """#
        #expect(try EngineTestSupport.holds(nested, on: Self.arrays))
        // Inside a nested count over nestedArray[*], the inner counted alias is a one-member array.
        let inner = #"""
            {"count": {"field": "Microsoft.Test/resourceType/objectArray[*]",
                       "where": {"count": {"field": "Microsoft.Test/resourceType/objectArray[*].nestedArray[*]",
                                           "where": {"value": "[field('Microsoft.Test/resourceType/objectArray[*].nestedArray[*]')]",
                                                     "equals": [3]}},
                                 "equals": 1}},
             "equals": 1}
            """#
        #expect(try EngineTestSupport.holds(inner, on: Self.arrays))
        // Outside any count, field() of a [*] alias is every selected value.
        #expect(
            try ExpressionHarness.evaluate(
                "[field('Microsoft.Test/resourceType/objectArray[*].nestedArray[*]')]",
                resource: EngineTestSupport.resource(Self.arrays)) == [1, 2, 3, 4])
    }

    @Test("The policy rule page's Example 7: ipRangeContains over first(field()) of the counted prefixes")
    func example7() throws {
        // "Azure Policy definition structure policy rule", Field count examples, Example 7:
        // https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#field-count-examples
        // (The page writes `field(('...'))`, a stray pair of parentheses the expression language has no use for.)
        let aliases = AliasTable([
            "Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]":
                "properties.addressSpace.addressPrefixes[*]"
        ])
        let rule = #"""
            {"if": {"count": {"field": "Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]",
                              "where": {"value": "[ipRangeContains('10.0.0.0/24', first(field('Microsoft.Network/virtualNetworks/addressSpace.addressPrefixes[*]')))]",
                                        "equals": false}},
                    "greater": 0},
             "then": {"effect": "audit"}}
            """#
        let policy = try EngineTestSupport.compileRule(rule, aliases: aliases)
        func vnet(_ prefixes: String) throws -> Resource {
            try EngineTestSupport.resource(
                #"{"type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": \#(prefixes)}}}"#
            )
        }
        #expect(policy.evaluate(try vnet(#"["10.0.0.0/25", "10.0.0.128/26"]"#)).complianceState == .compliant)
        #expect(policy.evaluate(try vnet(#"["10.0.0.0/25", "10.0.1.0/24"]"#)).complianceState == .nonCompliant)
    }

    // MARK: field() on a missing property
    // "Author policies for array properties", Referencing array fields, the field() table:
    // https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays#referencing-array-fields
    // [field('Microsoft.Test/resourceType/missingArray')] => "", missingArray[*] => [].

    @Test("field() on a missing property is \"\"; on a missing [*] alias it is []")
    func missingField() throws {
        let resource = EngineTestSupport.resource(["name": "r", "properties": ["other": 1]])
        #expect(
            try ExpressionHarness.evaluate("[field('Microsoft.Test/resourceType/missing')]", resource: resource) == "")
        #expect(
            try ExpressionHarness.evaluate("[field('Microsoft.Test/resourceType/stringArray')]", resource: resource)
                == "")
        #expect(
            try ExpressionHarness.evaluate("[field('Microsoft.Test/resourceType/stringArray[*]')]", resource: resource)
                == [])
        #expect(
            try ExpressionHarness.evaluate(
                "[field('Microsoft.Test/resourceType/objectArray[*].property')]", resource: resource) == [])
        // So length() and contains() work on it instead of failing on a null.
        #expect(
            try ExpressionHarness.evaluate("[length(field('Microsoft.Test/resourceType/missing'))]", resource: resource)
                == 0)
        // A property present with a JSON null stays null.
        let withNull = EngineTestSupport.resource(["name": "r", "properties": ["missing": .null]])
        #expect(
            try ExpressionHarness.evaluate("[field('Microsoft.Test/resourceType/missing')]", resource: withNull)
                == .null)
    }

    // MARK: current() without an argument
    // "Azure Policy definition structure policy rule", Value count and The current function:
    // https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#value-count
    // count.name is "Optional when the count expression isn't in a child of another count
    // expression. When not provided, the index name is implicitly set to "default""; current()
    // is "Allowed only when the value count expression isn't a child of another count expression".

    @Test("Value count example 2: current() without a name in a top-level count; current('default') names it")
    func currentWithoutName() throws {
        let resource = #"{"name": "prefix2_vm"}"#
        let example2 = #"""
            {"count": {"value": ["prefix1_*", "prefix2_*"], "where": {"field": "name", "like": "[current()]"}}, "greater": 0}
            """#
        #expect(try EngineTestSupport.holds(example2, on: resource))
        let named = #"""
            {"count": {"value": ["prefix1_*", "prefix2_*"], "where": {"field": "name", "like": "[current('default')]"}}, "greater": 0}
            """#
        #expect(try EngineTestSupport.holds(named, on: resource))
        #expect(try !EngineTestSupport.holds(named, on: #"{"name": "other"}"#))
    }

    @Test(
        "current() without an argument inside a nested count, or a nested value count without a name, is a compile error"
    )
    func currentNested() {
        let nestedCurrent = #"""
            {"count": {"value": [1, 2], "name": "outer",
                       "where": {"count": {"value": [3], "name": "inner", "where": {"value": "[current()]", "equals": 3}},
                                 "equals": 1}},
             "equals": 2}
            """#
        #expect {
            _ = try EngineTestSupport.holds(nestedCurrent, on: #"{"name": "x"}"#)
        } throws: { error in
            (error as? PolicyCompileError)?.message.contains("current() without an argument") == true
        }
        let nestedUnnamed = #"""
            {"count": {"value": [1, 2], "name": "outer",
                       "where": {"count": {"value": [3], "where": {"value": "[current('outer')]", "equals": 1}}, "equals": 1}},
             "equals": 1}
            """#
        #expect {
            _ = try EngineTestSupport.holds(nestedUnnamed, on: #"{"name": "x"}"#)
        } throws: { error in
            (error as? PolicyCompileError)?.message.contains("needs a 'name'") == true
        }
    }

    // MARK: Other documented edges
    // "Object functions for ARM templates", union: "recursively merges any nested objects within
    // them. Nested array values aren't merged."
    // https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object#union
    // "Array functions for ARM templates", range: count "Must be non-negative integer up to 10000";
    // "The sum of startIndex and count must be no greater than 2147483647".
    // https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array#range

    @Test("union() merges nested objects recursively, arrays not")
    func unionDeepMerge() throws {
        let merged = try ExpressionHarness.evaluate(
            #"[union(json('{"a": {"x": 1, "l": [1]}, "b": 1}'), json('{"A": {"y": 2, "l": [2]}, "c": 3}'))]"#)
        #expect(merged == ["a": ["x": 1, "l": [2], "y": 2], "b": 1, "c": 3])
    }

    @Test("range() at its documented bounds")
    func rangeBounds() throws {
        #expect(try ExpressionHarness.evaluate("[length(range(0, 10000))]") == 10_000)
        #expect(try ExpressionHarness.evaluate("[last(range(2147483646, 1))]") == 2_147_483_646)
        #expect(throws: EvaluationError.self) { try ExpressionHarness.evaluate("[range(0, 10001)]") }
        #expect(throws: EvaluationError.self) { try ExpressionHarness.evaluate("[range(2147483647, 1)]") }
    }
}
