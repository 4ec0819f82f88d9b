import Foundation
import JSONCore
import PolicyModel
import Testing

@testable import PolicyEngine

/// Seeded, deterministic fuzzing (issue 13, item 3): every function of the engine's registry
/// (``BuiltinFunction/allCases``, so a new function is fuzzed without touching this file) called
/// with random arguments of every JSON type and size, then random policy rules over random
/// resources. Zero traps and zero hangs; every failure is an error with a reason, and every
/// failed evaluation the Error state with a reason.
@Suite("Fuzz: every built-in function and random rules (seeded)")
struct FuzzTests {
    /// How many direct function calls one run makes.
    static let functionCalls = 100_000
    /// How many random rules, each evaluated over several random resources.
    static let rules = 3_000

    @Test("Every registered function, random arguments of every type and size")
    func everyFunction() {
        var random = Random(seed: 0x5EED_0013)
        var values = ValueSource()
        let resource = EngineTestSupport.resource([
            "id": "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Test/resourceType/r1", "name": "r1",
        ])
        let environment = EvaluationEnvironment(
            now: Date(timeIntervalSince1970: 1_790_000_000), workBudget: 2_000_000)
        let context = EvaluationContext(subject: resource, evaluated: resource, environment: environment)
        var calls: [BuiltinFunction: Int] = [:]
        var errors = 0
        var silentErrors: [String] = []
        var badResults: [String] = []
        for i in 0..<Self.functionCalls {
            let function = BuiltinFunction.allCases[random.below(BuiltinFunction.allCases.count)]
            let arity = function.arity
            let count = arity.lowerBound + random.below(min(arity.upperBound - arity.lowerBound, 4) + 1)
            let arguments = (0..<count).map { _ in values.any(&random) }
            var work = WorkBudget(environment.workBudget)
            calls[function, default: 0] += 1
            do {
                let result = try Functions.call(function, arguments, context: i % 2 == 0 ? context : nil, work: &work)
                if let problem = Self.problem(with: result, arguments: arguments) {
                    badResults.append("\(function.rawValue): \(problem)")
                }
            } catch {
                errors += 1
                if error.message.isEmpty { silentErrors.append(function.rawValue) }
            }
        }
        #expect(silentErrors.isEmpty, "errors without a reason: \(silentErrors.prefix(5))")
        #expect(badResults.isEmpty, "results past the limits: \(badResults.prefix(5))")
        // Every function was exercised, and the arguments were not all rejected.
        #expect(calls.count == BuiltinFunction.allCases.count)
        #expect(errors > Self.functionCalls / 10 && errors < Self.functionCalls * 9 / 10, "\(errors) errors")
    }

    @Test("Random rules over random resources end in a state, Error always with a reason")
    func randomRules() throws {
        var random = Random(seed: 0x0013_F022)
        var values = ValueSource()
        var rules = RuleSource()
        var evaluated = 0
        var compileErrors = 0
        var states: [ComplianceState: Int] = [:]
        var silent: [String] = []
        let environment = EvaluationEnvironment(workBudget: 200_000)
        for _ in 0..<Self.rules {
            let rule = rules.rule(&random, &values)
            let policy: CompiledPolicy
            do {
                policy = try EngineTestSupport.compileRule(rule)
            } catch is PolicyCompileError {
                compileErrors += 1
                continue
            }
            for _ in 0..<3 {
                let result = policy.evaluate(rules.resource(&random, &values), environment: environment)
                evaluated += 1
                if let state = result.complianceState { states[state, default: 0] += 1 }
                if result.complianceState == .error, result.reasons.allSatisfy(\.isEmpty) { silent.append(rule) }
            }
        }
        #expect(silent.isEmpty, "Error states without a reason: \(silent.prefix(3))")
        // The generator reaches every outcome, so the test can fail for each.
        #expect(evaluated > Self.rules)
        #expect(compileErrors > 0)
        #expect(
            (states[.compliant] ?? 0) > 0 && (states[.nonCompliant] ?? 0) > 0 && (states[.error] ?? 0) > 0, "\(states)")
    }

    /// What is wrong with a function's result, or nil: within the limits, and no non-finite number
    /// that was not handed in (the parser and float() never make one; the fuzzer does).
    static func problem(with result: JSONValue, arguments: [JSONValue]) -> String? {
        switch result {
        case .number(let n) where !n.isFinite && !arguments.contains(where: hasNonFinite):
            return "non-finite number \(n)"
        case .string(let s) where s.utf16.count > EngineLimits.maxStringLength: return "string of \(s.utf16.count)"
        case .array(let a) where a.count > EngineLimits.maxNodeCount: return "array of \(a.count)"
        default: return nil
        }
    }

    static func hasNonFinite(_ value: JSONValue) -> Bool {
        switch value {
        case .number(let n): !n.isFinite
        case .array(let a): a.contains(where: hasNonFinite)
        case .object(let o): o.contains { hasNonFinite($0.value) }
        default: false
        }
    }
}

/// SplitMix64: deterministic for a seed on every platform.
struct Random {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Random JSON values, weighted toward the edges: numbers at Int64 and 2^53 bounds and beyond,
/// non-finite numbers, numeric and date and IP strings, empty and huge strings and arrays, deep nesting.
struct ValueSource {
    static let numbers: [Double] = [
        0, -0.0, 1, -1, 2, 3, 0.5, -2.5, 7, 8, 12, 20, 31, 32, 33, 110, 128, 129, 10_000, 10_001, 32_768, 131_072,
        2_147_483_647, 2_147_483_648, -2_147_483_648, 9_007_199_254_740_992, 9_007_199_254_740_993,
        -9_007_199_254_740_992,
        9.223_372_036_854_775_807e18, -9.223_372_036_854_775_808e18, 1.8e19, 1e300, -1e300, .infinity, -.infinity, .nan,
        .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    ]
    static let strings: [String] = [
        "", " ", "a", "abc", "ABC", "aBc", " 12 ", "0", "-1", "+5", "12.5", "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808", "-9223372036854775809", "9007199254740993", "2147483647", "1e300", "-1e300", "nan",
        "NaN",
        "inf", "-inf", "infinity", "true", "False", "null", "{}", "[]", "[1,2]", #"{"a": [1, {"b": null}]}"#, "{\"a\":",
        "10.0.0.0/8", "172.16.0.0/12", "10.0.0.0/20", "10.0.0.1", "0.0.0.0/0", "255.255.255.255/32", "1.2.3.4/33",
        "1.2.3", "2001:db8::/110", "2001:0DB8::3:FFFF", "::", "::/0", "::ffff:1.2.3.4", ":::", "2001:db8::1/129",
        "192.168.0.1-192.168.0.9", "192.168.0.9-192.168.0.1", "2001:0DB8::-2001:0DB8::3:FFFF", "10.0.0.1-::1", "-", "/",
        "2026-01-01T00:00:00Z", "2026-01-01", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2026-02-30",
        "2026-01-01T00:00:00.99999999999Z", "yyyy-MM-dd HH:mm:ss", "yyyyMMdd", "{0}{1}", "{0:N2}", "{99}", "{", "}}",
        "{{0}}", "YWJj", "e30=", "====", "!!", "/subscriptions/s1/resourceGroups/rg1", "a/b/c", ",", ";", "*", "#?.",
        "é̀ñ", "😀x", "\u{0}", "\\", "'", "ÄÖ", "İ",
    ]
    /// Large values built once: strings past the limits, arrays and objects past the node limit, deep nesting.
    let large: [JSONValue]

    init() {
        var deep: JSONValue = 1
        for _ in 0..<140 { deep = [deep] }
        let wide = JSONObject((0..<33_000).map { JSONObject.Member(key: "k\($0)", value: .number(Double($0))) })
        large = [
            .string(String(repeating: "a", count: 200_000)),
            .string(String(repeating: "ab", count: 65_536)),
            .string(String(repeating: "é", count: 131_073)),
            .string(String(repeating: "a,", count: 40_000)),
            .array((0..<40_000).map { .number(Double($0)) }),
            .array((0..<32_767).map { .number(Double($0 % 7)) }),
            .array(Array(repeating: "x", count: 20_000)),
            deep,
            .object(wide),
        ]
    }

    mutating func number(_ random: inout Random) -> Double {
        random.chance(70) ? random.pick(Self.numbers) : Double(Int64(bitPattern: random.next()) >> random.below(64))
    }

    mutating func string(_ random: inout Random) -> String {
        if random.chance(80) { return random.pick(Self.strings) }
        let length = random.below(40)
        let alphabet = Array("abcXYZ019 ,;/.-:*{}'é😀")
        return String((0..<length).map { _ in random.pick(alphabet) })
    }

    /// Any JSON value, nesting at most `depth` levels (a few large ones among them).
    mutating func any(_ random: inout Random, depth: Int = 3) -> JSONValue {
        if random.below(1000) < 2 { return random.pick(large) }
        switch random.below(depth > 0 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2, 3: return .number(number(&random))
        case 4, 5: return .string(string(&random))
        case 6, 7: return .array((0..<random.below(6)).map { _ in any(&random, depth: depth - 1) })
        default:
            var object = JSONObject()
            for _ in 0..<random.below(5) {
                object[random.pick(["a", "b", "A", "key", "value", ""])] = any(&random, depth: depth - 1)
            }
            return .object(object)
        }
    }
}

/// Random policy rules in the rule language, over the test alias table, and random resources they read.
struct RuleSource {
    static let scalarFields = [
        "name", "type", "kind", "location", "id", "fullName", "tags", "tags['env']", "identity.type",
        "Microsoft.Test/resourceType/text", "Microsoft.Test/resourceType/count", "Microsoft.Test/resourceType/missing",
        "Microsoft.Test/resourceType/settings", "Microsoft.Test/resourceType/stringArray",
    ]
    static let arrayFields = [
        "Microsoft.Test/resourceType/stringArray[*]", "Microsoft.Test/resourceType/objectArray[*]",
        "Microsoft.Test/resourceType/objectArray[*].nestedArray[*]",
    ]
    static let memberFields = [
        "Microsoft.Test/resourceType/objectArray[*].property",
        "Microsoft.Test/resourceType/objectArray[*].nestedArray[*]",
        "Microsoft.Test/resourceType/stringArray[*]",
    ]
    var counts = 0

    mutating func rule(_ random: inout Random, _ values: inout ValueSource) -> String {
        counts = 0
        return #"{"if": \#(condition(&random, &values, depth: 3, scopes: [])), "then": {"effect": "audit"}}"#
    }

    /// A condition; `scopes` are the names `current()` may use here.
    mutating func condition(_ random: inout Random, _ values: inout ValueSource, depth: Int, scopes: [String]) -> String
    {
        let op = random.pick(ConditionOperator.allCases).rawValue
        switch random.below(depth > 0 ? 7 : 3) {
        case 0:
            let field = random.pick(Self.scalarFields + Self.arrayFields + Self.memberFields)
            return #"{"field": "\#(field)", "\#(op)": \#(operand(&random, &values, scopes: scopes))}"#
        case 1, 2:
            let value = "\"[\(escape(expression(&random, &values, depth: 3, scopes: scopes)))]\""
            return #"{"value": \#(value), "\#(op)": \#(operand(&random, &values, scopes: scopes))}"#
        case 3:
            let children = (0..<random.below(3) + 1).map { _ in
                condition(&random, &values, depth: depth - 1, scopes: scopes)
            }
            return #"{"\#(random.pick(["allOf", "anyOf"]))": [\#(children.joined(separator: ", "))]}"#
        case 4:
            return #"{"not": \#(condition(&random, &values, depth: depth - 1, scopes: scopes))}"#
        default:
            counts += 1
            let name = "c\(counts)"
            let isField = random.chance(50)
            let source =
                isField
                ? #""field": "\#(random.pick(Self.arrayFields))""#
                : #""value": \#(operand(&random, &values, scopes: scopes)), "name": "\#(name)""#
            let inner = condition(&random, &values, depth: depth - 1, scopes: isField ? scopes : scopes + [name])
            return #"{"count": {\#(source), "where": \#(inner)}, "\#(op)": \#(random.below(4))}"#
        }
    }

    /// The right-hand side: a JSON literal or an expression.
    mutating func operand(_ random: inout Random, _ values: inout ValueSource, scopes: [String]) -> String {
        if random.chance(40) { return "\"[\(escape(expression(&random, &values, depth: 2, scopes: scopes)))]\"" }
        let value = values.any(&random, depth: 2)
        if case .string(let s) = value, s.hasPrefix("[") { return "\"\(escape(s))\"" }
        return value.description
    }

    /// An expression text (without the brackets): calls of registered functions, field(), current(), literals.
    mutating func expression(_ random: inout Random, _ values: inout ValueSource, depth: Int, scopes: [String])
        -> String
    {
        switch random.below(depth > 0 ? 10 : 4) {
        case 0: return literalNumber(&random, &values)
        case 1: return "'\(values.string(&random).replacingOccurrences(of: "'", with: "''"))'"
        case 2: return "field('\(random.pick(Self.scalarFields + Self.arrayFields + Self.memberFields))')"
        case 3:
            guard let scope = scopes.last else { return "true()" }
            return random.chance(50) ? "current('\(scope)')" : "current('\(random.pick(Self.memberFields))')"
        case 4:
            return
                "\(expression(&random, &values, depth: depth - 1, scopes: scopes))[\(literalNumber(&random, &values))]"
        case 5:
            return
                "\(expression(&random, &values, depth: depth - 1, scopes: scopes)).\(random.pick(["a", "id", "name"]))"
        default:
            let function = random.pick(BuiltinFunction.allCases)
            let arity = function.arity
            let count = arity.lowerBound + random.below(min(arity.upperBound - arity.lowerBound, 3) + 1)
            let arguments = (0..<count).map { _ in expression(&random, &values, depth: depth - 1, scopes: scopes) }
            return "\(function.rawValue)(\(arguments.joined(separator: ", ")))"
        }
    }

    private func literalNumber(_ random: inout Random, _ values: inout ValueSource) -> String {
        let n = values.number(&random)
        guard n.isFinite, n.magnitude < 1e19 else { return random.pick(["0", "-1", "99999999999999999999", "1.5"]) }
        return n == n.rounded() ? String(format: "%.0f", n) : "\(n)"
    }

    private func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A resource with the properties the test aliases read, random values of random types.
    mutating func resource(_ random: inout Random, _ values: inout ValueSource) -> Resource {
        var properties = JSONObject()
        if random.chance(80) {
            properties["text"] = random.chance(70) ? .string(values.string(&random)) : values.any(&random)
        }
        if random.chance(80) {
            properties["count"] = random.chance(70) ? .number(values.number(&random)) : values.any(&random)
        }
        if random.chance(60) { properties["settings"] = values.any(&random) }
        if random.chance(80) {
            properties["stringArray"] = .array((0..<random.below(6)).map { _ in .string(values.string(&random)) })
        }
        if random.chance(70) {
            properties["objectArray"] = .array(
                (0..<random.below(4)).map { _ in
                    [
                        "property": random.chance(80) ? .string(values.string(&random)) : values.any(&random),
                        "nestedArray": .array((0..<random.below(4)).map { _ in values.any(&random, depth: 1) }),
                    ]
                })
        }
        var json = JSONObject()
        json["name"] = .string(random.pick(["r1", "prefix1_vm", "a", ""]))
        json["properties"] = .object(properties)
        if random.chance(50) { json["location"] = .string(random.pick(["westeurope", "East US 2", ""])) }
        if random.chance(50) { json["tags"] = ["env": .string(values.string(&random))] }
        if random.chance(30) { json["kind"] = values.any(&random, depth: 1) }
        return EngineTestSupport.resource(.object(json))
    }
}
