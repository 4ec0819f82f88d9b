import JSONCore
import PolicyEngine
import PolicyModel
import Testing

/// Rules built to hurt: they must end in a compile error or an Error state, never a crash or a hang.
@Suite("Hostile rules (EngineLimits)")
struct HostileRuleTests {
    static let resource = EngineTestSupport.resource(["type": "Microsoft.Web/sites", "name": "web1"])

    static func compileError(_ rule: String) -> PolicyCompileError? {
        do {
            _ = try EngineTestSupport.compileRule(rule)
            return nil
        } catch {
            return error as? PolicyCompileError
        }
    }

    @Test("Nesting deeper than the limit is a compile error (the JSON parser alone allows 512)")
    func deepNesting() throws {
        var condition = #"{"field": "name", "equals": "x"}"#
        for _ in 0..<(EngineLimits.maxConditionDepth + 10) { condition = #"{"not": \#(condition)}"# }
        let error = Self.compileError(#"{"if": \#(condition), "then": {"effect": "audit"}}"#)
        #expect(error?.code == .limitExceeded)
    }

    @Test("10,000 levels of nesting are rejected before any recursion (by the JSON parser)")
    func tenThousandLevels() {
        let text =
            String(repeating: #"{"not": "#, count: 10_000) + #"{"field": "name", "equals": "x"}"#
            + String(repeating: "}", count: 10_000)
        let error = #expect(throws: JSONParseError.self) { _ = try JSONParser.parse(text) }
        #expect(error?.message == "nesting deeper than \(JSONParser.defaultMaxDepth) levels")
        // It stops at the first level past the limit: the path names that many `not` members.
        #expect(error?.path.components.count == JSONParser.defaultMaxDepth)
    }

    @Test("A 1 MB pattern is a compile error")
    func hugePattern() {
        let pattern = String(repeating: "a", count: 1_000_000)
        let error = Self.compileError(#"{"if": {"field": "name", "like": "\#(pattern)"}, "then": {"effect": "audit"}}"#)
        // Refused while the constant operand is prepared: the rule's `like`, naming the limit.
        #expect(error?.code == .invalidRule)
        #expect(error?.path.description == "$.properties.policyRule.if.like")
        #expect(
            error?.message == "the like pattern is 1000000 bytes long; the limit is \(EngineLimits.maxPatternLength)")
    }

    @Test("A huge pattern built at evaluation time is an Error state")
    func hugeDynamicPattern() throws {
        let policy = try EngineTestSupport.compileRule(
            #"{"if": {"field": "name", "like": "[padLeft(field('name'), 100000, '*')]"}, "then": {"effect": "audit"}}"#)
        #expect(policy.evaluate(Self.resource).complianceState == .error)
    }

    @Test("Deeply nested if() expressions are a compile error")
    func deepExpression() {
        var expression = "1"
        for _ in 0..<200 { expression = "if(true(), \(expression), 0)" }
        let error = Self.compileError(
            #"{"if": {"value": "[\#(expression)]", "equals": 1}, "then": {"effect": "audit"}}"#)
        #expect(error?.code == .invalidExpression)
    }

    @Test("Counts multiplying past the work budget end in an Error state, not a hang")
    func stepBudget() throws {
        var condition = #"{"value": "[current('c3')]", "equals": -1}"#
        for level in (0..<4).reversed() {
            condition =
                #"{"count": {"value": "[range(0, 100)]", "name": "c\#(level)", "where": \#(condition)}, "greater": 0}"#
        }
        let policy = try EngineTestSupport.compileRule(#"{"if": \#(condition), "then": {"effect": "audit"}}"#)
        let result = policy.evaluate(Self.resource)
        #expect(result.complianceState == .error)
        #expect(result.reasons.first?.contains("units of work") == true)
    }

    @Test("Strings and arrays built by functions are capped")
    func builtValuesCapped() throws {
        let policy = try EngineTestSupport.compileRule(
            #"{"if": {"value": "[length(range(0, 1000000))]", "greater": 0}, "then": {"effect": "audit"}}"#)
        #expect(policy.evaluate(Self.resource).complianceState == .error)
    }
}
