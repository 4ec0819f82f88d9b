import JSONCore
import PolicyModel

extension Expression {
    /// The value of the expression for the resource in `context`. Function failures throw:
    /// the caller turns them into the Error state.
    func evaluate(_ context: inout EvaluationContext) throws(EvaluationError) -> JSONValue {
        try context.step()
        switch self {
        case .literal(let value):
            return value
        case .failure(let error):
            throw error
        case .field(let field):
            return FieldReader.functionValue(field, resource: context.resource(for: field), scopes: context.scopes)
        case .current(let level, let path):
            let element = context.scopes[level]
            if path.isEmpty { return element }
            if path.contains(.wildcard) {
                var values: [JSONValue?] = []
                FieldReader.collect(
                    FieldAccess(source: .path(root: level, paths: [path]), name: "", pathText: "", hasWildcard: true),
                    resource: context.subject, scopes: context.scopes, into: &values)
                return .array(values.compactMap { $0 })
            }
            return FieldReader.follow(element, path[...]) ?? .null
        case .member(let base, let name):
            let value = try base.evaluate(&context)
            guard case .object(let object) = value else {
                throw EvaluationError("cannot read property '\(name)' of \(value.typeName) \(Functions.brief(value))")
            }
            guard let member = object[name] else {
                throw EvaluationError(
                    "the object has no property '\(name)' (it has: \(object.keys.joined(separator: ", ")))")
            }
            return member
        case .index(let base, let indexExpression):
            let value = try base.evaluate(&context)
            let index = try indexExpression.evaluate(&context)
            switch (value, index) {
            case (.array(let array), .number(let n)):
                guard let i = Functions.position(n, count: array.count) else {
                    throw EvaluationError(
                        "index \(Functions.brief(index)) is not a position in the array of \(array.count) elements")
                }
                return array[i]
            case (.object(let object), .string(let key)):
                guard let member = object[key] else { throw EvaluationError("the object has no property '\(key)'") }
                return member
            default:
                throw EvaluationError("cannot index \(value.typeName) with \(index.typeName) \(index)")
            }
        case .call(.if, let arguments):
            let condition = try arguments[0].evaluate(&context)
            guard case .bool(let b) = condition else {
                throw EvaluationError(
                    "if() needs a Boolean condition, got \(condition.typeName) \(Functions.brief(condition))")
            }
            return try arguments[b ? 1 : 2].evaluate(&context)
        case .call(.coalesce, let arguments):
            for argument in arguments {
                let value = try argument.evaluate(&context)
                if !value.isNull { return value }
            }
            return .null
        case .call(let function, let argumentExpressions):
            var arguments: [JSONValue] = []
            arguments.reserveCapacity(argumentExpressions.count)
            for argument in argumentExpressions { arguments.append(try argument.evaluate(&context)) }
            var work = context.work
            let result = try Functions.call(function, arguments, context: context, work: &work)
            context.work = work
            return result
        }
    }
}
