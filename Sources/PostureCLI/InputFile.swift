import Foundation
import JSONCore
import PolicyModel

/// Reading a JSON file named on the command line, with problems as `file:path: message` lines.
enum InputFile {
    static func json(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure.report(InputError([Diagnostic(file: path, path: .root, message: "cannot read the file")]))
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw Failure.report(InputError([Diagnostic(file: path, path: error.path, message: "malformed JSON: \(error)")]))
        }
    }

    /// `--parameters` text: inline JSON, or the path of a JSON file.
    static func parameters(_ text: String) throws -> [String: JSONValue] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let document: JSONValue
        if trimmed.hasPrefix("{") {
            do {
                document = try JSONParser.parse(trimmed)
            } catch {
                throw Failure.report(InputError([Diagnostic(file: "--parameters", path: error.path, message: "malformed JSON: \(error)")]))
            }
        } else {
            document = try json(trimmed)
        }
        guard let object = document.objectValue else {
            throw Failure.report(InputError([Diagnostic(file: "--parameters", path: .root, message: "expected an object of parameter values")]))
        }
        // An assignment writes {"name": {"value": ...}}; plain {"name": ...} is accepted too.
        var values: [String: JSONValue] = [:]
        for member in object {
            if let inner = member.value.objectValue, inner.count == 1, let value = inner["value"] {
                values[member.key] = value
            } else {
                values[member.key] = member.value
            }
        }
        return values
    }
}
