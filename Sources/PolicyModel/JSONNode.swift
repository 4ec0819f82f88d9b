package import JSONCore

/// A cursor over a JSON value that knows its file and path, for decoding with
/// precise diagnostics. Accessors report a problem to the log and return nil,
/// so one pass finds every problem of a document instead of stopping at the first.
package struct JSONNode {
    /// The value here, nil when the member is absent.
    package let value: JSONValue?
    package let file: String
    package let path: JSONPath
    let log: DiagnosticLog

    package init(_ value: JSONValue?, file: String, path: JSONPath = .root, log: DiagnosticLog) {
        self.value = value
        self.file = file
        self.path = path
        self.log = log
    }

    /// The member `key` of this object (absent when this is not an object).
    package subscript(key: String) -> JSONNode {
        JSONNode(value?[key], file: file, path: path + key, log: log)
    }

    /// Whether the value is absent or `null`.
    package var isAbsent: Bool { value == nil || value == .null }

    /// Records a problem at this node.
    package func report(_ message: String) {
        log.report(file, path, message)
    }

    /// A required string; reports a missing member or a wrong type.
    package func string() -> String? {
        guard let value, value != .null else {
            report("required string is missing")
            return nil
        }
        return optionalString()
    }

    /// An optional string; reports a wrong type.
    package func optionalString() -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?:
            report("expected a string, found \(other.typeName)")
            return nil
        }
    }

    /// An optional number; reports a wrong type.
    package func optionalNumber() -> Double? {
        switch value {
        case nil, .null?: return nil
        case .number(let n)?: return n
        case let other?:
            report("expected a number, found \(other.typeName)")
            return nil
        }
    }

    /// An optional object; reports a wrong type.
    package func optionalObject() -> JSONObject? {
        switch value {
        case nil, .null?: return nil
        case .object(let o)?: return o
        case let other?:
            report("expected an object, found \(other.typeName)")
            return nil
        }
    }

    /// A required object; reports a missing member or a wrong type.
    package func object() -> JSONObject? {
        guard let value, value != .null else {
            report("required object is missing")
            return nil
        }
        return optionalObject()
    }

    /// The elements of an optional array as nodes; empty when absent, reports a wrong type.
    package func elements() -> [JSONNode] {
        switch value {
        case nil, .null?: return []
        case .array(let a)?: return a.indices.map { JSONNode(a[$0], file: file, path: path + $0, log: log) }
        case let other?:
            report("expected an array, found \(other.typeName)")
            return []
        }
    }

    /// An optional array of strings; reports wrong element types.
    package func stringArray() -> [String] {
        elements().compactMap { $0.string() }
    }

    /// The members of an optional object as (key, node) pairs in document order.
    package func members() -> [(key: String, node: JSONNode)] {
        guard let object = optionalObject() else { return [] }
        return object.members.map { ($0.key, JSONNode($0.value, file: file, path: path + $0.key, log: log)) }
    }
}
