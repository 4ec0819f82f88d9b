import JSONCore
import PolicyModel

/// One compilation: the alias table, the parameter values and `policy()`'s context.
struct RuleCompiler {
    let aliases: AliasTable
    let parameters: JSONObject
    let context: PolicyContext
    /// Where unknown aliases are noted when they do not fail the compile.
    var unknownAliases: UnknownAliasLog? = nil

    /// Compiles a condition object (`allOf`/`anyOf`/`not`, or a field/value/count condition).
    func compileCondition(_ json: JSONValue, at path: JSONPath, scope: CompileScope) throws(PolicyCompileError)
        -> Condition
    {
        guard scope.depth < EngineLimits.maxConditionDepth else {
            throw PolicyCompileError(
                .limitExceeded, at: path,
                "conditions nest deeper than \(EngineLimits.maxConditionDepth) levels; flatten the rule")
        }
        guard case .object(let object) = json else {
            throw PolicyCompileError(
                .invalidRule, at: path, "a condition must be a JSON object, found \(json.typeName)")
        }
        var inner = scope
        inner.depth += 1
        for member in object {
            switch member.key.lowercased() {
            case "allof", "anyof":
                guard case .array(let items) = member.value else {
                    throw PolicyCompileError(
                        .invalidRule, at: path + member.key, "'\(member.key)' must be an array of conditions")
                }
                var children: [Condition] = []
                for (i, item) in items.enumerated() {
                    children.append(try compileCondition(item, at: path + member.key + i, scope: inner))
                }
                return member.key.lowercased() == "allof" ? .allOf(children) : .anyOf(children)
            case "not":
                return .not(try compileCondition(member.value, at: path + member.key, scope: inner))
            default:
                continue
            }
        }
        return try compileLeaf(object, at: path, scope: inner)
    }

    private func compileLeaf(_ object: JSONObject, at path: JSONPath, scope: CompileScope) throws(PolicyCompileError)
        -> Condition
    {
        var operators: [(ConditionOperator, JSONValue, String)] = []
        for member in object {
            if let op = ConditionOperator.named(member.key) { operators.append((op, member.value, member.key)) }
        }
        guard operators.count == 1, let (op, rhs, opKey) = operators.first else {
            let problem =
                operators.isEmpty ? "has no operator (equals, like, in, exists, ...)" : "has more than one operator"
            throw PolicyCompileError(
                .invalidRule, at: path, "the condition \(problem): \(Functions.brief(.object(object)))")
        }
        if let fieldJSON = object["field"] {
            let name = try constantString(fieldJSON, at: path + "field", scope: scope, what: "a field name")
            let field = try resolveField(name, at: path + "field", scope: scope, forFunction: false)
            var operand = try compileOperand(rhs, op, at: path + opKey, scope: scope)
            if field.isLocation, case .constant(let prepared) = operand {
                operand = .constant(prepared.normalizedAsLocation(for: op))
            }
            return .field(field, op, operand)
        }
        if let valueJSON = object["value"] {
            let expression = try lowerJSON(valueJSON, at: path + "value", scope: scope)
            return .value(expression, op, try compileOperand(rhs, op, at: path + opKey, scope: scope))
        }
        if let countJSON = object["count"] {
            let count = try compileCount(countJSON, at: path + "count", scope: scope)
            return .count(count, op, try compileOperand(rhs, op, at: path + opKey, scope: scope))
        }
        throw PolicyCompileError(
            .invalidRule, at: path, "the condition needs 'field', 'value' or 'count' beside '\(opKey)'")
    }

    private func compileCount(_ json: JSONValue, at path: JSONPath, scope: CompileScope) throws(PolicyCompileError)
        -> CountExpression
    {
        guard case .object(let object) = json else {
            throw PolicyCompileError(.invalidRule, at: path, "'count' must be an object with 'field' or 'value'")
        }
        guard scope.counts.count < EngineLimits.maxCountNesting else {
            throw PolicyCompileError(
                .limitExceeded, at: path,
                "counts nest deeper than \(EngineLimits.maxCountNesting) levels; simplify the rule")
        }
        var inner = scope
        let source: CountExpression.Source
        let display: String
        if let fieldJSON = object["field"] {
            let name = try constantString(fieldJSON, at: path + "field", scope: scope, what: "a field name")
            let field = try resolveField(name, at: path + "field", scope: scope, forFunction: false)
            guard let segments = absoluteSegments(name), segments.last == .wildcard else {
                throw PolicyCompileError(
                    .invalidRule, at: path + "field", "count.field must be an array alias ending in [*], got '\(name)'")
            }
            source = .field(field)
            inner.counts.append(.field(segments: segments))
            display = "count of \(field.display)"
        } else if let valueJSON = object["value"] {
            source = .value(try lowerJSON(valueJSON, at: path + "value", scope: scope))
            var name: String?
            if let nameJSON = object["name"] {
                name = try constantString(nameJSON, at: path + "name", scope: scope, what: "a count name")
            }
            // The policy rule page, Value count: `name` is "Optional when the count expression isn't
            // in a child of another count expression".
            if name == nil, !scope.counts.isEmpty {
                throw PolicyCompileError(.invalidRule, at: path, "a value count inside another count needs a 'name'")
            }
            inner.counts.append(.value(name: name))
            display = name.map { "count of value '\($0)'" } ?? "value count"
        } else {
            throw PolicyCompileError(.invalidRule, at: path, "'count' needs 'field' or 'value'")
        }
        var condition: Condition?
        if let whereJSON = object["where"] {
            condition = try compileCondition(whereJSON, at: path + "where", scope: inner)
        }
        return CountExpression(source: source, condition: condition, display: display)
    }

    /// The right-hand side of a condition, prepared when it is constant.
    func compileOperand(_ json: JSONValue, _ op: ConditionOperator, at path: JSONPath, scope: CompileScope)
        throws(PolicyCompileError) -> Operand
    {
        let expression = try lowerJSON(json, at: path, scope: scope)
        guard let value = expression.literalValue else { return .dynamic(expression) }
        do {
            return .constant(try PreparedValue(value, for: op))
        } catch {
            throw PolicyCompileError(.invalidRule, at: path, error.message)
        }
    }

    /// A value that must be a constant string once parameters are substituted (field names, types).
    func constantString(_ json: JSONValue, at path: JSONPath, scope: CompileScope, what: String)
        throws(PolicyCompileError)
        -> String
    {
        let expression = try lowerJSON(json, at: path, scope: scope)
        guard case .literal(.string(let s)) = expression else {
            throw PolicyCompileError(
                .invalidRule, at: path, "\(what) must be a string known before evaluation, got \(Functions.brief(json))"
            )
        }
        return s
    }
}

/// The unknown aliases one lenient compilation met.
final class UnknownAliasLog: @unchecked Sendable {
    var names: [String] = []
}
