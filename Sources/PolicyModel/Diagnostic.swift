public import JSONCore

/// One problem found in the input: which file, where in it, and what is wrong.
/// Printed as one line, `file:JSON-path: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the tenant directory when there is one.
    public var file: String
    /// Where in the file's JSON document.
    public var path: JSONPath
    /// What is wrong, in a sentence a user can act on.
    public var message: String

    public init(file: String, path: JSONPath, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file):\(path): \(message)" }
}

/// Every problem of one load, reported together.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a load walks its files.
package final class DiagnosticLog {
    package private(set) var diagnostics: [Diagnostic] = []

    package init() {}

    /// Records a problem.
    package func report(_ file: String, _ path: JSONPath, _ message: String) {
        diagnostics.append(Diagnostic(file: file, path: path, message: message))
    }

    /// Whether nothing has been reported.
    package var isEmpty: Bool { diagnostics.isEmpty }
}
