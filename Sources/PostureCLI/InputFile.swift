import Foundation
import JSONCore
import PolicyModel

/// Reading a JSON file named on the command line, with problems as `file:path: message` lines.
enum InputFile {
    static func json(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CommandError.io("\(path):$: \(exists ? "cannot read the file" : "no such file")")
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw CommandError(InputError([Diagnostic(file: path, path: error.path, message: "malformed JSON: \(error)")]))
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
                throw CommandError(InputError([Diagnostic(file: "--parameters", path: error.path, message: "malformed JSON: \(error)")]))
            }
        } else {
            document = try json(trimmed)
        }
        guard let object = document.objectValue else {
            throw CommandError(InputError([Diagnostic(file: "--parameters", path: .root, message: "expected an object of parameter values")]))
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

    /// A resource as Resource Graph or the REST API writes it (`id` and `type` required).
    static func resource(_ value: JSONValue, file: String, path: JSONPath = .root) throws -> Resource {
        guard let id = value["id"]?.stringValue, let type = value["type"]?.stringValue else {
            throw CommandError(InputError([Diagnostic(file: file, path: path, message: "a resource needs 'id' and 'type' strings")]))
        }
        return Resource(id: ResourceID(id), type: type, json: value)
    }
}
