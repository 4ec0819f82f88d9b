import Foundation
import JSONCore

/// Reads the MCSB initiative, every definition it references and the alias table from a
/// directory laid out like Azure/azure-policy (`policySetDefinitions/`, `policyDefinitions/`).
/// This is the generator's edge: the only place besides `GeneratedTenant.write` that touches files.
package enum BaselineDirectory {
    /// The Microsoft cloud security benchmark initiative.
    package static let mcsbName = "1f3afdf9-d0c9-4c3d-847f-89da613e70a8"
    package static let mcsbPath = "policySetDefinitions/Security Center/AzureSecurityCenter.json"

    /// A problem reading the baseline, as one sentence naming the file.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Loads the baseline; `aliases` defaults to `../aliases/policy-aliases.csv.gz` beside `path`.
    package static func load(_ path: String, aliases: String? = nil) throws(Failure) -> PolicyBaseline {
        let root = URL(fileURLWithPath: path, isDirectory: true)
        let setPath = root.appendingPathComponent(mcsbPath).path
        let (setBytes, initiative) = try read(setPath)
        guard initiative["name"]?.stringValue?.lowercased() == mcsbName else {
            throw Failure(
                description: "\(setPath): not the Microsoft cloud security benchmark initiative (\(mcsbName))")
        }
        var wanted: Set<String> = []
        for reference in initiative["properties"]?["policyDefinitions"]?.arrayValue ?? [] {
            if let id = reference["policyDefinitionId"]?.stringValue {
                wanted.insert(ResourceName.last(id).lowercased())
            }
        }
        var definitions: [String: JSONValue] = [:]
        var files: [PolicyBaseline.File] = [.init(path: "definitions/mcsb/" + mcsbPath, bytes: setBytes)]
        let definitionsRoot = root.appendingPathComponent("policyDefinitions")
        let enumerator = FileManager.default.enumerator(atPath: definitionsRoot.path)
        var relativePaths: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.lowercased().hasSuffix(".json") { relativePaths.append(relative) }
        }
        for relative in relativePaths.sorted() {
            let (bytes, definition) = try read(definitionsRoot.appendingPathComponent(relative).path)
            guard let name = definition["name"]?.stringValue?.lowercased(), wanted.contains(name),
                let id = definition["id"]?.stringValue
            else { continue }
            definitions[id.lowercased()] = definition
            files.append(.init(path: "definitions/mcsb/policyDefinitions/" + relative, bytes: bytes))
        }
        let missing = wanted.subtracting(definitions.values.compactMap { $0["name"]?.stringValue?.lowercased() })
        guard missing.isEmpty else {
            throw Failure(
                description:
                    "\(definitionsRoot.path): \(missing.count) definitions the initiative references are missing, e.g. \(missing.sorted()[0])"
            )
        }
        let aliasPath =
            aliases ?? root.deletingLastPathComponent().appendingPathComponent("aliases/policy-aliases.csv.gz").path
        guard let aliasData = FileManager.default.contents(atPath: aliasPath) else {
            throw Failure(description: "\(aliasPath): cannot read the alias table (pass --aliases FILE)")
        }
        let lower = aliasPath.lowercased()
        let aliasName =
            lower.hasSuffix(".csv.gz") ? "aliases.csv.gz" : lower.hasSuffix(".json") ? "aliases.json" : "aliases.csv"
        files.append(.init(path: aliasName, bytes: [UInt8](aliasData)))
        return PolicyBaseline(initiative: initiative, definitions: definitions, files: files)
    }

    private static func read(_ path: String) throws(Failure) -> ([UInt8], JSONValue) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the file")
        }
        let bytes = [UInt8](data)
        do {
            return (bytes, try JSONParser.parse(bytes))
        } catch {
            throw Failure(description: "\(path): malformed JSON: \(error)")
        }
    }
}

/// The last segment of an Azure id.
enum ResourceName {
    static func last(_ id: String) -> Substring {
        id.split(separator: "/").last ?? Substring(id)
    }
}
