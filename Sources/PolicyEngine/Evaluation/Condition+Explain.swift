import JSONCore
import PolicyModel

extension Condition {
    /// The most reasons one explanation gives.
    static let maxReasons = 12

    /// Evaluates again, noting the leaves that decided the result. Only run for results a user
    /// will read, so the fast path never builds strings.
    func explain(_ context: inout EvaluationContext, into reasons: inout [String]) -> Bool {
        switch self {
        case .constant(let b):
            return b
        case .allOf(let children):
            var notes: [String] = []
            for child in children {
                var childNotes: [String] = []
                if !child.explain(&context, into: &childNotes) {
                    reasons += childNotes
                    return false
                }
                notes += childNotes
            }
            reasons += notes.prefix(Self.maxReasons)
            return true
        case .anyOf(let children):
            var notes: [String] = []
            for child in children {
                var childNotes: [String] = []
                if child.explain(&context, into: &childNotes) {
                    reasons += childNotes
                    return true
                }
                notes += childNotes
            }
            reasons += notes.prefix(Self.maxReasons)
            return false
        case .not(let child):
            var notes: [String] = []
            let inner = child.explain(&context, into: &notes)
            reasons += notes.map { "not: \($0)" }
            return !inner
        default:
            let result: Bool
            do {
                result = try evaluate(&context)
            } catch {
                reasons.append("\(describeLeaf(&context)): \(error.message)")
                return false
            }
            reasons.append("\(describeLeaf(&context)); condition \(operatorText) \(result ? "held" : "failed")")
            return result
        }
    }

    private var operatorText: String {
        switch self {
        case .field(_, let op, let operand), .value(_, let op, let operand), .count(_, let op, let operand):
            return "\(op.rawValue) \(operand.display)"
        default:
            return ""
        }
    }

    private func describeLeaf(_ context: inout EvaluationContext) -> String {
        switch self {
        case .field(let field, _, _):
            let resource = context.resource(for: field)
            if field.hasWildcard {
                var values: [JSONValue?] = []
                FieldReader.collect(field, resource: resource, scopes: context.scopes, into: &values)
                if values.isEmpty { return "\(field.display) selects no values (an empty or missing array)" }
                let shown = values.prefix(5).map { $0.map(Functions.brief) ?? "(missing)" }.joined(separator: ", ")
                return "\(field.display) has values [\(shown)\(values.count > 5 ? ", ..." : "")]"
            }
            let value = FieldReader.single(field, resource: resource, scopes: context.scopes)
            return "\(field.display) is \(value.map(Functions.brief) ?? "missing")"
        case .value(let expression, _, _):
            let value = try? expression.evaluate(&context)
            return "value \(value.map(Functions.brief) ?? "(failed)")"
        case .count(let count, _, _):
            let n = try? count.count(&context)
            return "\(count.display) is \(n.map(String.init) ?? "(failed)")"
        default:
            return ""
        }
    }
}
