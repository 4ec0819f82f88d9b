import Foundation
import JSONCore

/// A copy of the demo tenant whose inventory is large enough to be mapped and parsed on several
/// threads (`JSONParser.parallelThreshold`), its rows then kept in the file (`StoredRow`).
public enum LargeTenant {
    /// Why a large tenant could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A temporary copy of the demo tenant whose `resources.json` repeats every row `copies` times under
    /// new ids; `edit` may change the file's text. The caller removes the folder.
    public static func copy(copies: Int = 30, edit: (inout String) -> Void = { _ in }) throws -> URL {
        let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("posture-large-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: demo, to: copy)
        let document = try JSONParser.parse(Array(try Data(contentsOf: demo.appendingPathComponent("resources.json"))))
        guard let rows = document["data"]?.arrayValue else { throw Failure(description: "the demo has no rows") }
        var repeated: [JSONValue] = []
        for n in 0..<copies {
            for row in rows {
                guard case .object(var object) = row, let id = object["id"]?.stringValue,
                    let name = object["name"]?.stringValue
                else { continue }
                object["id"] = .string(id + "-\(n)")
                object["name"] = .string(name + "-\(n)")
                repeated.append(.object(object))
            }
        }
        var text = JSONWriter(pretty: true).string(["count": .number(Double(repeated.count)), "data": .array(repeated)])
        edit(&text)
        guard text.utf8.count > JSONParser.parallelThreshold else {
            throw Failure(description: "the inventory is smaller than the parallel threshold")
        }
        try Data(text.utf8).write(to: copy.appendingPathComponent("resources.json"))
        return copy
    }

    /// Writes `text` over the start of `file` in place, as a shell redirection or an export writing
    /// over yesterday's file does, keeping the file open by others the same file.
    public static func writeInPlace(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}
