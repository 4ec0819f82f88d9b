import Foundation

/// Runs `python3`, for the tests that check JSON against Microsoft's OpenAPI files with
/// `../shared/specs/validate.py`.
public enum Python {
    /// Whether python3 runs and has the `jsonschema` package the validator needs.
    public static let available = (try? run(["-c", "import jsonschema; print('ok')"])) == "ok"

    /// Runs python3 with these arguments; returns its output (stdout and stderr), trimmed.
    public static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
