import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// Field count and value count, per "Azure Policy definition structure policy rule" (Count) and
/// "author-policies-for-arrays": members judged one at a time, `current()` naming the member.
@Suite("count expressions (definition-structure-policy-rule: Count)")
struct CountTests {
    static let nsg = #"""
        {"type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [
          {"name": "ssh", "properties": {"access": "Allow", "direction": "Inbound", "destinationPortRange": "22",
                                          "destinationPortRanges": []}},
          {"name": "web", "properties": {"access": "Allow", "direction": "Inbound", "destinationPortRange": "*",
                                          "destinationPortRanges": ["80", "443"]}},
          {"name": "out", "properties": {"access": "Deny", "direction": "Outbound", "destinationPortRange": "22",
                                          "destinationPortRanges": ["22"]}}]}}
        """#

    @Test("Field count without where counts the members")
    func countAll() throws {
        #expect(
            try EngineTestSupport.holds(
                #"{"count": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*]"}, "equals": 3}"#,
                on: Self.nsg))
    }

    @Test("Field count with where: each member judged as if it were the only one")
    func countWhere() throws {
        let condition = #"""
            {"count": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*]",
                       "where": {"allOf": [
                         {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*].access", "equals": "Allow"},
                         {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*].direction", "equals": "Inbound"}]}},
             "equals": 2}
            """#
        #expect(try EngineTestSupport.holds(condition, on: Self.nsg))
    }

    @Test("A missing array counts 0")
    func countMissing() throws {
        #expect(
            try EngineTestSupport.holds(
                #"{"count": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*]"}, "equals": 0}"#,
                on: #"{"type": "Microsoft.Network/networkSecurityGroups", "properties": {}}"#))
    }

    @Test("Nested count: rules with port 22 among their destinationPortRanges")
    func nestedCount() throws {
        let condition = #"""
            {"count": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*]",
                       "where": {"count": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]",
                                           "where": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRanges[*]",
                                                     "in": ["22", "443"]}},
                                 "greater": 0}},
             "equals": 2}
            """#
        #expect(try EngineTestSupport.holds(condition, on: Self.nsg))
    }

    @Test("current() with a field count alias reads the member")
    func currentInFieldCount() throws {
        let condition = #"""
            {"count": {"field": "Microsoft.Network/networkSecurityGroups/securityRules[*]",
                       "where": {"value": "[current('Microsoft.Network/networkSecurityGroups/securityRules[*].destinationPortRange')]",
                                 "equals": "22"}},
             "equals": 2}
            """#
        #expect(try EngineTestSupport.holds(condition, on: Self.nsg))
    }

    @Test("Value count with name and current('name'), and current() without a name")
    func valueCount() throws {
        let condition = #"""
            {"count": {"value": ["web", "ssh", "db"], "name": "pattern",
                       "where": {"value": "[current('pattern')]", "in": "[field('Microsoft.Network/networkSecurityGroups/securityRules[*].name')]"}},
             "equals": 2}
            """#
        #expect(try EngineTestSupport.holds(condition, on: Self.nsg))
        #expect(
            try EngineTestSupport.holds(
                #"{"count": {"value": [1, 2, 3, 4], "where": {"value": "[current()]", "greater": 2}}, "equals": 2}"#,
                on: Self.nsg))
    }

    @Test("Count inside count inside count compiles; beyond the nesting limit is a compile error")
    func countNesting() throws {
        var condition = #"{"value": "[current('c2')]", "equals": 1}"#
        for level in (0..<3).reversed() {
            condition = #"{"count": {"value": [1, 2], "name": "c\#(level)", "where": \#(condition)}, "greater": 0}"#
        }
        #expect(try EngineTestSupport.holds(condition, on: Self.nsg))
        for level in 0..<EngineLimits.maxCountNesting {
            condition = #"{"count": {"value": [1], "name": "d\#(level)", "where": \#(condition)}, "greater": 0}"#
        }
        #expect { _ = try EngineTestSupport.holds(condition, on: Self.nsg) } throws: { error in
            (error as? PolicyCompileError)?.code == .limitExceeded
        }
    }
}
