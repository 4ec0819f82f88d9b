import Foundation
import JSONCore
import PolicyModel
import TenantIO
import TestSupport
import Testing

@testable import PolicyEngine

/// Issue 13, item 3: expressions that trapped (SIGILL) or ran for minutes now end, at once, in
/// the Error state with a reason. Each is tried folded at compile time (all constant) and computed
/// from the resource at evaluation time.
@Suite("No input traps or runs away")
struct NoTrapTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let expression: String
        let reason: String
        var testDescription: String { expression }
    }

    static let hostile: [Case] = [
        Case(expression: "div('-9223372036854775808', -1)", reason: "needs an integer between"),
        Case(expression: "mod('-9223372036854775808', -1)", reason: "needs an integer between"),
        Case(expression: "div('-9007199254740993', -1)", reason: "needs an integer between"),
        Case(expression: "div(field('Microsoft.Test/resourceType/text'), -1)", reason: "needs an integer between"),
        Case(expression: "add(9007199254740992, 1)", reason: "overflows the integer range"),
        Case(expression: "sub(-9007199254740992, 1)", reason: "overflows the integer range"),
        Case(expression: "mul(4294967296, 4294967296)", reason: "overflows the integer range"),
        Case(expression: "mul('9007199254740992', '9007199254740992')", reason: "overflows the integer range"),
        Case(expression: "mod(5, 0)", reason: "division by zero"),
        Case(expression: "range('9223372036854775807', 2)", reason: "needs an integer between"),
        Case(expression: "range(2147483647, 1)", reason: "is greater than 2147483647"),
        Case(expression: "range(0, 10001)", reason: "between 0 and 10000"),
        Case(expression: "range(0, -1)", reason: "between 0 and 10000"),
        Case(expression: "substring('abc', 1, '9223372036854775807')", reason: "needs an integer between"),
        Case(expression: "substring('abc', 1, 9007199254740992)", reason: "goes past the end"),
        Case(expression: "substring('abc', -1, 1)", reason: "outside the string"),
        Case(expression: "addDays('2026-01-01T00:00:00Z', '9223372036854775807')", reason: "needs an integer between"),
        Case(expression: "addDays('2026-01-01T00:00:00Z', 9007199254740992)", reason: "range of dates"),
        Case(expression: "addDays('2026-01-01T00:00:00Z', -800000)", reason: "range of dates"),
        Case(expression: "tryGet(createArray(1), float('nan'))", reason: "finite number"),
        Case(expression: "tryGet(createArray(1), float('inf'))", reason: "finite number"),
        Case(expression: "createArray(1)[9223372036854775807]", reason: "not a position in the array"),
        Case(expression: "createArray(1)[float('1e300')]", reason: "not a position in the array"),
        Case(
            expression: "createArray(1)[field('Microsoft.Test/resourceType/count')]",
            reason: "not a position in the array"),
        Case(expression: "createArray(1)[-1]", reason: "not a position in the array"),
        Case(expression: "createArray(1)[0.5]", reason: "not a position in the array"),
        Case(expression: "int('9223372036854775807')", reason: "cannot convert"),
        Case(expression: "int(float('1e300'))", reason: "cannot convert"),
        Case(expression: "float('-inf')", reason: "finite number"),
        Case(expression: "take(createArray(1, 2), '-9223372036854775808')", reason: "needs an integer between"),
        Case(expression: "padLeft('a', 9007199254740992, 'x')", reason: "passes Azure Policy's limit"),
        Case(
            expression: "length(union(range(0, 10000), range(10000, 10000), range(20000, 10000), range(30000, 10000)))",
            reason: "32768"),
        Case(
            expression: "length(concat(range(0, 10000), range(0, 10000), range(0, 10000), range(0, 10000)))",
            reason: "32768"),
        Case(expression: "length(replace(padLeft('', 100000, 'a'), 'a', 'aaaa'))", reason: "131072"),
        Case(expression: "indexOf(padLeft('', 1000000, 'a'), padLeft('b', 500000, 'a'))", reason: "131072"),
        Case(expression: "length(format('{0}{0}{0}{0}{0}{0}{0}{0}', padLeft('', 100000, 'a')))", reason: "131072"),
        Case(expression: "utcNow('yyyy')[99999999999999999999]", reason: "cannot index"),
    ]

    @Test("Each hostile expression is the Error state with a reason, folded or not", arguments: hostile)
    func hostileExpression(_ c: Case) throws {
        // The count alias reads 1e300 below, and the text alias the Int64 bound.
        let resource = try EngineTestSupport.resource(
            #"{"name": "r", "properties": {"text": "-9223372036854775808", "count": 1e300}}"#)
        let policy = try EngineTestSupport.compileRule(
            #"{"if": {"value": "[\#(c.expression)]", "equals": "never"}, "then": {"effect": "audit"}}"#)
        let result = policy.evaluate(resource)
        #expect(result.complianceState == .error)
        #expect(result.reasons.count == 1)
        #expect(result.reasons.first?.contains(c.reason) == true, "\(result.reasons)")
    }

    @Test("Non-finite and overlong number literals are syntax errors, not infinities")
    func nonFiniteLiteral() {
        let digits = String(repeating: "9", count: 400)
        #expect {
            _ = try EngineTestSupport.compileRule(
                #"{"if": {"value": "[add(\#(digits), 1)]", "equals": 1}, "then": {"effect": "audit"}}"#)
        } throws: { error in
            (error as? PolicyCompileError)?.message.contains("not a finite number") == true
        }
    }

    @Test("A 500 kB needle in a 1 MB resource string is searched in linear time")
    func longSearch() throws {
        let haystack = String(repeating: "a", count: 1_000_000)
        let needle = String(repeating: "a", count: 499_999) + "b"
        let resource = EngineTestSupport.resource([
            "name": "r", "properties": ["text": .string(haystack), "missing": .string(needle)],
        ])
        let value = try ExpressionHarness.evaluate(
            "[indexOf(field('Microsoft.Test/resourceType/text'), field('Microsoft.Test/resourceType/missing'))]",
            resource: resource)
        #expect(value == -1)
        let found = try ExpressionHarness.evaluate(
            "[indexOf(field('Microsoft.Test/resourceType/text'), 'aab')]",
            resource: EngineTestSupport.resource(["name": "r", "properties": ["text": .string(haystack + "b")]]))
        #expect(found == .number(Double(haystack.count - 2)))
    }

    @Test("The work budget counts elements and bytes, not calls: one call over a huge string spends it")
    func budgetCountsBytes() throws {
        let resource = EngineTestSupport.resource([
            "name": "r", "properties": ["text": .string(String(repeating: "a,", count: 20_000))],
        ])
        let environment = EvaluationEnvironment(workBudget: 30_000)
        #expect {
            _ = try ExpressionHarness.evaluate(
                "[length(split(field('Microsoft.Test/resourceType/text'), ','))]", resource: resource,
                environment: environment)
        } throws: { error in
            (error as? EvaluationError) == EvaluationError.budgetExceeded
        }
        // The default budget is generous enough for the same call.
        #expect(
            try ExpressionHarness.evaluate(
                "[length(split(field('Microsoft.Test/resourceType/text'), ','))]", resource: resource)
                == 20_001)
    }

    @Test("TenantEvaluator takes any thread count, however large or small, and gives the same states")
    func threadCounts() throws {
        let tenant = try TenantDirectory(url: TestPaths.fixtures.appendingPathComponent("demo-tenant")).load()
        let evaluator = TenantEvaluator(tenant: tenant)
        let at = ISO8601.parse("2026-10-20T00:00:00Z")!
        let reference = evaluator.evaluate(at: at, threads: 2).states.count
        #expect(reference > 0)
        for threads in [Int.max, 0, Int.min] {
            #expect(evaluator.evaluate(at: at, threads: threads).states.count == reference)
        }
    }

    @Test("tryGet() with an index that is no position (huge, negative, fractional) is null, as for a missing key")
    func tryGetOutOfRange() throws {
        for index in ["float('1e300')", "-1", "0.5", "'9223372036854775807'", "9007199254740993"] {
            #expect(try ExpressionHarness.evaluate("[tryGet(createArray(1), \(index))]") == .null)
        }
        #expect(try ExpressionHarness.evaluate("[tryGet(createArray(1), 0)]") == 1)
    }
}
