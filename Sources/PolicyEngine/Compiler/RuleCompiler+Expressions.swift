import JSONCore
import PolicyModel

extension RuleCompiler {
    /// Lowers a JSON value that may be or contain `"[expression]"` strings.
    func lowerJSON(_ json: JSONValue, at path: JSONPath, scope: CompileScope) throws(PolicyCompileError) -> Expression {
        switch json {
        case .string(let s):
            guard ExpressionParser.isExpression(s) else {
                return .literal(.string(ExpressionParser.unescapeLiteral(s)))
            }
            let raw: RawExpression
            do {
                raw = try ExpressionParser.parse(s)
            } catch {
                throw PolicyCompileError(
                    .invalidExpression, at: path,
                    "the expression \(Functions.brief(json)) cannot be parsed: \(error.message)")
            }
            return try lower(raw, at: path, scope: scope)
        case .array(let items):
            var lowered: [Expression] = []
            var allLiteral = true
            for (i, item) in items.enumerated() {
                let e = try lowerJSON(item, at: path + i, scope: scope)
                if e.literalValue == nil { allLiteral = false }
                lowered.append(e)
            }
            return allLiteral ? .literal(.array(lowered.map { $0.literalValue! })) : .call(.createarray, lowered)
        default:
            return .literal(json)
        }
    }

    /// Resolves names in a parsed expression, substitutes parameters and folds constants.
    func lower(_ raw: RawExpression, at path: JSONPath, scope: CompileScope) throws(PolicyCompileError) -> Expression {
        switch raw {
        case .string(let s): return .literal(.string(s))
        case .number(let n): return .literal(.number(n))
        case .member(let base, let name):
            return fold(.member(try lower(base, at: path, scope: scope), name))
        case .index(let base, let index):
            return fold(.index(try lower(base, at: path, scope: scope), try lower(index, at: path, scope: scope)))
        case .call(let name, let rawArguments):
            var arguments: [Expression] = []
            for argument in rawArguments { arguments.append(try lower(argument, at: path, scope: scope)) }
            return try lowerCall(name, arguments, at: path, scope: scope)
        }
    }

    private func lowerCall(_ name: String, _ arguments: [Expression], at path: JSONPath, scope: CompileScope)
        throws(PolicyCompileError) -> Expression
    {
        switch name.lowercased() {
        case "parameters":
            guard arguments.count == 1, case .literal(.string(let parameter)) = arguments[0] else {
                throw PolicyCompileError(.invalidExpression, at: path, "parameters() needs one constant parameter name")
            }
            guard let value = parameters[parameter] else {
                throw PolicyCompileError(
                    .missingParameter, at: path,
                    "parameter '\(parameter)' has no value and no defaultValue; give it a value in the assignment")
            }
            return .literal(value)
        case "field":
            guard arguments.count == 1, case .literal(.string(let fieldName)) = arguments[0] else {
                throw PolicyCompileError(
                    .invalidExpression, at: path, "field() needs one field name known before evaluation")
            }
            return .field(try resolveField(fieldName, at: path, scope: scope, forFunction: true))
        case "current":
            return try lowerCurrent(arguments, at: path, scope: scope)
        case "policy":
            return .literal(context.value)
        default:
            break
        }
        let forbidden = BuiltinFunction.forbiddenInPolicy.contains(name.lowercased())
        guard !forbidden, let function = BuiltinFunction.named(name) else {
            let why =
                forbidden
                ? "is not available in policy rules (Azure Policy documents it as unsupported)"
                : "is not a function this engine knows"
            throw PolicyCompileError(.unsupportedFunction, at: path, "'\(name)()' \(why)")
        }
        guard function.arity.contains(arguments.count) else {
            throw PolicyCompileError(
                .invalidExpression, at: path,
                "\(name)() does not take \(arguments.count) argument\(arguments.count == 1 ? "" : "s")")
        }
        return fold(.call(function, arguments))
    }

    private func lowerCurrent(_ arguments: [Expression], at path: JSONPath, scope: CompileScope)
        throws(PolicyCompileError)
        -> Expression
    {
        guard !scope.counts.isEmpty else {
            throw PolicyCompileError(.invalidExpression, at: path, "current() is only valid inside a count's 'where'")
        }
        // "Azure Policy definition structure policy rule", The current function: `current()` is
        // "allowed only when the count expression isn't a child of another count expression".
        if arguments.isEmpty {
            guard scope.counts.count == 1 else {
                throw PolicyCompileError(
                    .invalidExpression, at: path,
                    "current() without an argument is only allowed in a count that is not inside another count; "
                        + "name the count (current('name') or current('alias[*]'))")
            }
            return .current(level: 0, path: [])
        }
        guard arguments.count == 1, case .literal(.string(let name)) = arguments[0] else {
            throw PolicyCompileError(.invalidExpression, at: path, "current() needs a constant count name or alias")
        }
        let segments = absoluteSegments(name)
        for level in scope.counts.indices.reversed() {
            switch scope.counts[level] {
            case .value(let countName) where (countName ?? Self.defaultCountName).equalsIgnoringASCIICase(name):
                return .current(level: level, path: [])
            case .field(let countSegments):
                if let segments, let rest = Self.remainder(of: segments, after: countSegments) {
                    return .current(level: level, path: rest)
                }
            default:
                continue
            }
        }
        throw PolicyCompileError(.invalidExpression, at: path, "current('\(name)') does not name an enclosing count")
    }

    /// The index name of a value count that gives none ("Azure Policy definition structure policy
    /// rule", Value count: "When not provided, the index name is implicitly set to \"default\"").
    static let defaultCountName = "default"

    /// Evaluates calls whose arguments are all constant and whose result does not depend on the resource.
    func fold(_ expression: Expression) -> Expression {
        switch expression {
        case .call(.if, let a):
            if case .literal(.bool(let b)) = a[0] { return a[b ? 1 : 2] }
            return expression
        case .call(let function, let a):
            guard function.isPure else { return expression }
            var values: [JSONValue] = []
            for e in a {
                guard let v = e.literalValue else { return expression }
                values.append(v)
            }
            var work = WorkBudget()
            do {
                return .literal(try Functions.call(function, values, context: nil, work: &work))
            } catch {
                return .failure(error)
            }
        case .member(.literal(.object(let o)), let name):
            return o[name].map(Expression.literal) ?? expression
        case .index(.literal(let base), .literal(let index)):
            switch (base, index) {
            case (.array(let a), .number(let n)):
                return Functions.position(n, count: a.count).map { .literal(a[$0]) } ?? expression
            case (.object(let o), .string(let k)): return o[k].map(Expression.literal) ?? expression
            default: return expression
            }
        default:
            return expression
        }
    }
}
