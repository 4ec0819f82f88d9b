import JSONCore
import PolicyModel

/// The implementations of ``BuiltinFunction``, over plain values.
enum Functions {
    /// Calls `function` with evaluated arguments, spending `work` on what it scans and builds.
    ///
    /// Arguments and the result are held to Azure Policy's documented evaluation limits (strings
    /// of at most ``EngineLimits/maxStringLength``, arrays and objects of at most
    /// ``EngineLimits/maxNodeCount`` nodes and ``EngineLimits/maxValueDepth`` levels).
    static func call(_ function: BuiltinFunction, _ a: [JSONValue], context: EvaluationContext?, work: inout WorkBudget)
        throws(EvaluationError) -> JSONValue
    {
        for (i, argument) in a.enumerated() where argument.arrayValue != nil || argument.objectValue != nil {
            try checkSize(argument, "\(function.rawValue)(): argument \(i + 1)", work: &work)
        }
        let result: JSONValue
        switch function {
        case .concat, .tolower, .toupper, .split, .replace, .substring, .startswith, .endswith, .indexof, .lastindexof,
            .trim, .padleft, .string, .base64, .base64tostring, .base64tojson, .format, .uniquestring, .guid, .uri:
            result = try strings(function, a, work: &work)
        case .empty, .first, .last, .length, .contains, .union, .intersection, .createarray, .createobject, .array,
            .take, .skip, .range, .tryget, .json, .coalesce, .items:
            result = try collections(function, a, work: &work)
        case .if, .equals, .not, .and, .or, .bool, .true, .false, .null, .greater, .greaterorequals, .less,
            .lessorequals, .int, .float, .add, .sub, .mul, .div, .mod, .min, .max:
            result = try logic(function, a, work: &work)
        case .subscription, .resourcegroup, .requestcontext, .utcnow, .policy, .adddays, .datetimeadd, .iprangecontains:
            result = try environmentFunction(function, a, context: context, work: &work)
        }
        try checkSize(result, "\(function.rawValue)(): the result", work: &work)
        return result
    }

    /// Fails when a value given to or returned by a function crosses Azure Policy's evaluation
    /// limits; spends one unit per node it counts (strings are charged by the functions that scan them).
    static func checkSize(_ value: JSONValue, _ what: @autoclosure () -> String, work: inout WorkBudget)
        throws(EvaluationError)
    {
        switch value {
        case .string(let s):
            guard s.utf8.count > EngineLimits.maxStringLength else { return }
            try work.charge(s.utf8.count)
            let length = s.utf16.count
            guard length <= EngineLimits.maxStringLength else {
                throw EvaluationError(
                    "\(what()) is a string of \(length) characters; Azure Policy's limit is "
                        + "\(EngineLimits.maxStringLength)")
            }
        case .array, .object:
            var nodes = 0
            let stopped = exceedsLimits(value, depth: 1, nodes: &nodes)
            try work.charge(nodes)
            guard stopped else { return }
            if nodes > EngineLimits.maxNodeCount {
                throw EvaluationError(
                    "\(what()) has more than \(EngineLimits.maxNodeCount) nodes; Azure Policy's limit is "
                        + "\(EngineLimits.maxNodeCount)")
            }
            throw EvaluationError(
                "\(what()) nests deeper than \(EngineLimits.maxValueDepth) levels; Azure Policy's limit is "
                    + "\(EngineLimits.maxValueDepth)")
        default:
            return
        }
    }

    /// Counts nodes; true (stopping at once) when the value has more nodes or levels than the limits.
    private static func exceedsLimits(_ value: JSONValue, depth: Int, nodes: inout Int) -> Bool {
        nodes += 1
        if nodes > EngineLimits.maxNodeCount { return true }
        switch value {
        case .array(let elements):
            if depth > EngineLimits.maxValueDepth { return true }
            for element in elements where exceedsLimits(element, depth: depth + 1, nodes: &nodes) { return true }
        case .object(let object):
            if depth > EngineLimits.maxValueDepth { return true }
            for member in object where exceedsLimits(member.value, depth: depth + 1, nodes: &nodes) { return true }
        default:
            break
        }
        return false
    }

    // MARK: Argument helpers

    static func string(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> String {
        guard case .string(let s) = v else {
            throw EvaluationError(
                "\(function.rawValue)() needs a string as argument \(position + 1), got \(v.typeName) \(brief(v))")
        }
        return s
    }

    /// An integer argument: a number (its fraction dropped) or a string of digits, at most
    /// ``EngineLimits/maxInteger`` in magnitude (beyond it a number no longer holds every integer).
    static func integer(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> Int {
        switch v {
        case .number(let n) where n.isFinite && n.magnitude <= Double(EngineLimits.maxInteger):
            return Int(n)
        case .string(let s):
            if let n = Int(s), n.magnitude <= EngineLimits.maxInteger { return n }
        default:
            break
        }
        throw EvaluationError(
            "\(function.rawValue)() needs an integer \(integerRange) as argument \(position + 1), "
                + "got \(v.typeName) \(brief(v))")
    }

    /// The range integers must lie in, for messages.
    static let integerRange = "between -\(EngineLimits.maxInteger) and \(EngineLimits.maxInteger)"

    /// An integer result, or an overflow error when it leaves the exact range.
    static func integerResult(_ n: Int, overflow: Bool, _ function: BuiltinFunction) throws(EvaluationError)
        -> JSONValue
    {
        guard !overflow, n.magnitude <= EngineLimits.maxInteger else {
            throw EvaluationError(
                "\(function.rawValue)(): the result overflows the integer range (±\(EngineLimits.maxInteger))")
        }
        return .number(Double(n))
    }

    /// The position a number names in a collection of `count` elements, when it is a whole number inside it.
    static func position(_ n: Double, count: Int) -> Int? {
        guard n.isFinite, n >= 0, n < Double(count), let i = Int(exactly: n) else { return nil }
        return i
    }

    static func array(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError)
        -> [JSONValue]
    {
        guard case .array(let a) = v else {
            throw EvaluationError(
                "\(function.rawValue)() needs an array as argument \(position + 1), got \(v.typeName) \(brief(v))")
        }
        return a
    }

    static func boolean(_ v: JSONValue, _ function: BuiltinFunction, _ position: Int) throws(EvaluationError) -> Bool {
        guard case .bool(let b) = v else {
            throw EvaluationError(
                "\(function.rawValue)() needs a Boolean as argument \(position + 1), got \(v.typeName) \(brief(v))")
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

    /// Fails as soon as a string being built passes ``EngineLimits/maxStringLength`` bytes (the
    /// exact UTF-16 length is checked on the result).
    static func checkGrowing(_ byteCount: Int, _ function: BuiltinFunction) throws(EvaluationError) {
        guard byteCount <= EngineLimits.maxStringLength * 3 else {
            throw EvaluationError(
                "\(function.rawValue)(): the string it builds passes Azure Policy's limit of "
                    + "\(EngineLimits.maxStringLength) characters")
        }
    }

    /// Fails before building an array of more than ``EngineLimits/maxNodeCount`` elements.
    static func checkCount(_ count: Int, _ function: BuiltinFunction) throws(EvaluationError) {
        guard count <= EngineLimits.maxNodeCount else {
            throw EvaluationError(
                "\(function.rawValue)(): the array it builds has \(count) elements; Azure Policy's limit is "
                    + "\(EngineLimits.maxNodeCount) nodes")
        }
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
            // Same keys in the same order: one pass. Otherwise look keys up (through an index
            // when the objects are large, so that comparing them stays linear).
            if zip(x.members, y.members).allSatisfy({ $0.key == $1.key }) {
                return zip(x.members, y.members).allSatisfy { strictEquals($0.value, $1.value) }
            }
            let lookup = KeyIndex(y)
            for m in x {
                guard let other = lookup.value(m.key), strictEquals(m.value, other) else { return false }
            }
            return true
        default: return false
        }
    }
}

/// Member lookup in an object as ``JSONObject``'s subscript does it (exact key first, then ignoring
/// case), through a hash index when the object is large, since the subscript scans linearly.
struct KeyIndex {
    let object: JSONObject
    private var positions: [String: [Int]] = [:]
    private static let threshold = 16

    init(_ object: JSONObject) {
        self.object = object
        guard object.count > Self.threshold else { return }
        for (i, member) in object.members.enumerated() { positions[member.key.lowercased(), default: []].append(i) }
    }

    /// The position of `key` in the object, or nil.
    func position(_ key: String) -> Int? {
        guard object.count > Self.threshold else { return object.index(of: key) }
        guard let candidates = positions[key.lowercased()] else { return nil }
        return candidates.first { object.members[$0].key == key } ?? candidates.first
    }

    func value(_ key: String) -> JSONValue? { position(key).map { object.members[$0].value } }
}
