import Foundation
import JSONCore
import PolicyModel

/// Reading a JSON file named on the command line, with problems as `file:path: message` lines.
enum InputFile {
    /// `path`'s JSON document; `strictUnicode`: invalid UTF-8 in a string is refused at its path
    /// rather than repaired (what an ingest records must be what the file says).
    static func json(_ path: String, strictUnicode: Bool = false) throws -> JSONValue {
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            // A named pipe or a device would block the read or never end: refused without opening it.
            throw CommandError(InputError([Diagnostic(file: path, path: .root, message: "not a regular file")]))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CommandError.io("\(path):$: \(exists ? "cannot read the file" : "no such file")")
        }
        do {
            return try JSONParser.parse([UInt8](data), strictUnicode: strictUnicode)
        } catch {
            throw CommandError(
                InputError([Diagnostic(file: path, path: error.path, message: "malformed JSON: \(error)")]))
        }
    }

    /// `--parameters` text: inline JSON, or the path of a JSON file. Text that opens a JSON array or
    /// string, or that is not an existing file but parses as JSON (`42`, `null`), is inline, so it is
    /// refused as "not an object" rather than read as a file name.
    static func parameters(_ text: String) throws -> [String: JSONValue] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let inline = { () throws -> JSONValue in
            do throws(JSONParseError) {
                return try JSONParser.parse(trimmed)
            } catch {
                throw CommandError(
                    InputError([Diagnostic(file: "--parameters", path: error.path, message: "malformed JSON: \(error)")]
                    ))
            }
        }
        let document: JSONValue
        if let first = trimmed.first, "{[\"".contains(first) {
            document = try inline()
        } else if FileManager.default.fileExists(atPath: trimmed) || (try? JSONParser.parse(trimmed)) == nil {
            document = try json(trimmed)
        } else {
            document = try inline()
        }
        guard let object = document.objectValue else {
            throw CommandError(
                InputError([
                    Diagnostic(file: "--parameters", path: .root, message: "expected an object of parameter values")
                ]))
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
