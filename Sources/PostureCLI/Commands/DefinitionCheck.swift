import Foundation
import JSONCore
import PolicyEngine
import PolicyModel

/// Compiles every definition file under a folder: the figures of `posture check`.
struct DefinitionCheck {
    let aliases: AliasTable

    struct Report {
        var files = 0
        var definitions = 0
        var compiled = 0
        var unsupported: [(file: String, mode: String)] = []
        var failed: [(file: String, error: String)] = []

        var json: JSONValue {
            [
                "files": .number(Double(files)), "definitions": .number(Double(definitions)),
                "compiled": .number(Double(compiled)),
                "compiledRatio": .number(
                    definitions - unsupported.count > 0
                        ? Figures.rounded(Double(compiled) / Double(definitions - unsupported.count)) : 0),
                "unsupported": .array(unsupported.map { ["file": .string($0.file), "mode": .string($0.mode)] }),
                "failed": .array(failed.map { ["file": .string($0.file), "error": .string($0.error)] }),
            ]
        }

        var summary: String {
            let supported = definitions - unsupported.count
            var lines = [
                "\(files) files, \(definitions) definitions: \(compiled) of \(supported) in All/Indexed mode compiled, \(unsupported.count) in resource-provider modes"
            ]
            lines += failed.map { "failed: \($0.file): \($0.error)" }
            return lines.joined(separator: "\n")
        }
    }

    func run(directory: String) throws -> Report {
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: root.path)
        else {
            throw CommandError.io("\(directory):$: no such directory")
        }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.lowercased().hasSuffix(".json") { paths.append(path) }
        }
        let compiler = PolicyCompiler(aliases: aliases)
        var report = Report()
        for path in paths.sorted() {
            report.files += 1
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else {
                report.failed.append((path, "cannot read the file"))
                continue
            }
            let document: JSONValue
            do {
                document = try JSONParser.parse([UInt8](data))
            } catch {
                report.failed.append((path, "\(error.path): malformed JSON: \(error)"))
                continue
            }
            let items = document.arrayValue ?? document["value"]?.arrayValue ?? [document]
            for item in items where Self.isDefinition(item) {
                report.definitions += 1
                do {
                    _ = try compiler.compile(item, parameters: PolicyCompiler.placeholderValues(for: item))
                    report.compiled += 1
                } catch  where error.code == .unsupportedMode {
                    report.unsupported.append((path, (item["properties"] ?? item)["mode"]?.stringValue ?? ""))
                } catch {
                    // A deprecated definition whose alias Azure has retired fails for that reason: say so.
                    let deprecated = (item["properties"] ?? item)["metadata"]?["deprecated"]?.boolValue == true
                    let note = deprecated ? " (the definition is deprecated: metadata.deprecated is true)" : ""
                    report.failed.append((path, "\(error.path): \(error.message)\(note)"))
                }
            }
        }
        return report
    }

    /// Policy definitions, not initiatives.
    static func isDefinition(_ item: JSONValue) -> Bool {
        let properties = item["properties"] ?? item
        return properties["policyRule"] != nil
    }
}
