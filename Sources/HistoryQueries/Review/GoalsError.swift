/// Problems in a goals file: one line each, `goals.yaml:goals[1].by: '2026-13-01' is not a date (…)`.
package struct GoalsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One problem: the path inside the file (`goals[1].by`, empty for the whole file) and what is wrong.
    package struct Problem: Error, Sendable, Equatable {
        package var path: String
        package var message: String
    }

    /// The file, as the user named it.
    package var file: String
    package var problems: [Problem]

    package init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    /// Every problem as a `file:path: message` line.
    package var lines: [String] {
        problems.map { $0.path.isEmpty ? "\(file): \($0.message)" : "\(file):\($0.path): \($0.message)" }
    }

    package var description: String { lines.joined(separator: "\n") }
}
