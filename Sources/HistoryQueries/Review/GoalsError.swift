/// Problems in a goals file: one line each, `goals.yaml:goals[1].by: '2026-13-01' is not a date (…)`.
public struct GoalsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem: the path inside the file (`goals[1].by`, empty for the whole file) and what is wrong.
    public struct Problem: Error, Sendable, Equatable {
        public var path: String
        public var message: String
    }

    /// The file, as the user named it.
    public var file: String
    public var problems: [Problem]

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    /// Every problem as a `file:path: message` line.
    public var lines: [String] {
        problems.map { $0.path.isEmpty ? "\(file): \($0.message)" : "\(file):\($0.path): \($0.message)" }
    }

    public var description: String { lines.joined(separator: "\n") }
}
