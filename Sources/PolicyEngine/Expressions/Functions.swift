import JSONCore
import PolicyModel

/// The implementations of ``BuiltinFunction``, over plain values.
enum Functions {
    /// Calls `function` with evaluated arguments.
    static func call(_ function: BuiltinFunction, _ a: [JSONValue], context: EvaluationContext?) throws(EvaluationError)
        -> JSONValue
    {
        switch function {
        case .concat, .tolower, .toupper, .split, .replace, .substring, .startswith, .endswith, .indexof, .lastindexof,
            .trim, .padleft, .string, .base64, .base64tostring, .base64tojson, .format, .uniquestring, .guid, .uri:
            return try strings(function, a)
        case .empty, .first, .last, .length, .contains, .union, .intersection, .createarray, .createobject, .array,
            .take, .skip, .range, .tryget, .json, .coalesce, .items:
            return try collections(function, a)
        case .if, .equals, .not, .and, .or, .bool, .true, .false, .null, .greater, .greaterorequals, .less,
            .lessorequals, .int, .float, .add, .sub, .mul, .div, .mod, .min, .max:
            return try logic(function, a)
        case .subscription, .resourcegroup, .requestcontext, .utcnow, .policy, .adddays, .datetimeadd, .iprangecontains:
            return try environmentFunction(function, a, context: context)
        }
    }

    // MARK: Argument helpers

    static func string(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> String {
        guard case .string(let s) = v else {
            throw EvaluationError("\(function.rawValue)() needs a string as argument \(position + 1), got \(v.typeName) \(brief(v))")
        }
        return s
    }

    static func integer(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> Int {
        switch v {
        case .number(let n) where n.isFinite && abs(n) < 9e15: return Int(n)
        case .string(let s) where Int(s) != nil: return Int(s)!
        default:
            throw EvaluationError("\(function.rawValue)() needs an integer as argument \(position + 1), got \(v.typeName) \(brief(v))")
        }
    }

    static func array(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> [JSONValue] {
        guard case .array(let a) = v else {
            throw EvaluationError("\(function.rawValue)() needs an array as argument \(position + 1), got \(v.typeName) \(brief(v))")
        }
        return a
    }

    static func boolean(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> Bool {
        guard case .bool(let b) = v else {
            throw EvaluationError("\(function.rawValue)() needs a Boolean as argument \(position + 1), got \(v.typeName) \(brief(v))")
        }
        return b
    }

    /// A value shortened for messages.
    static func brief(_ v: JSONValue) -> String {
        let text = v.description
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// The text `string()` and `concat()` give a value: strings as they are, integral numbers
    /// without a fraction, Booleans as `True`/`False`, arrays and objects as compact JSON.
    static func text(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .bool(let b): b ? "True" : "False"
        case .null: ""
        default: v.description
        }
    }

    static func checkLength(_ s: String) throws(EvaluationError) -> JSONValue {
        guard s.utf8.count <= EngineLimits.maxStringLength else {
            throw EvaluationError("a function built a string of \(s.utf8.count) bytes; the limit is \(EngineLimits.maxStringLength)")
        }
        return .string(s)
    }

    static func checkLength(_ a: [JSONValue]) throws(EvaluationError) -> JSONValue {
        guard a.count <= EngineLimits.maxArrayLength else {
            throw EvaluationError("a function built an array of \(a.count) elements; the limit is \(EngineLimits.maxArrayLength)")
        }
        return .array(a)
    }

    /// ARM's strict equality (`equals()`): same types, strings compared exactly, objects by key.
    static func strictEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { strictEquals($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for m in x {
                guard let other = y[m.key], strictEquals(m.value, other) else { return false }
            }
            return true
        default: return false
        }
    }
}
