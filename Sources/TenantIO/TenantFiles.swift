import Foundation
import JSONCore
import PolicyModel

/// File access for `TenantDirectory`: finding, reading and parsing files, turning
/// every failure into a diagnostic that names the file.
struct TenantFiles {
    let root: URL
    /// Threads a large document is parsed on (`JSONParser.parse(_:threads:)`).
    let threads: Int

    /// The parsed document at a relative path; nil (with a diagnostic unless optional and absent) on failure.
    /// The file's bytes are parsed where they were read, not copied (inventories run to hundreds of MB).
    /// Large files are mapped rather than read (`MappedFile`).
    func json(_ relativePath: String, required: Bool, into builder: TenantBuilder) -> JSONValue? {
        let parse = { (buffer: UnsafeRawBufferPointer) in
            Result { () throws(JSONParseError) in try JSONParser.parse(buffer, threads: threads) }
        }
        let result: Result<JSONValue, JSONParseError>
        let path = root.appendingPathComponent(relativePath).path
        if let mapped = MappedFile(path: path, minimumSize: JSONParser.parallelThreshold) {
            result = mapped.withBytes(parse)
        } else {
            guard let data = read(relativePath, required: required, into: builder) else { return nil }
            result = data.withUnsafeBytes(parse)
        }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            builder.report(Diagnostic(file: relativePath, path: error.path, message: "malformed JSON: \(error)"))
            return nil
        }
    }

    /// Parses bytes, reporting malformed JSON at the path where the parser stopped.
    static func parse(_ bytes: [UInt8], file: String, into builder: TenantBuilder) -> JSONValue? {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            builder.report(Diagnostic(file: file, path: error.path, message: "malformed JSON: \(error)"))
            return nil
        }
    }

    /// The contents of a file, or nil with a diagnostic.
    func read(_ relativePath: String, required: Bool, into builder: TenantBuilder) -> Data? {
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required { builder.report(Diagnostic(file: relativePath, path: .root, message: "required file is missing")) }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            builder.report(Diagnostic(file: relativePath, path: .root, message: "cannot read the file"))
            return nil
        }
        return data
    }

    /// Relative paths of the `.json` files below a folder, sorted so loads are deterministic.
    func jsonFiles(under folder: String) -> [String] {
        // A linked folder (definitions -> a copy of Azure/azure-policy) is followed.
        let base = root.appendingPathComponent(folder).resolvingSymlinksInPath()
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.lowercased().hasSuffix(".json") { files.append(folder + "/" + path) }
        }
        return files.sorted()
    }

    /// The alias table from `aliases.csv`, `aliases.csv.gz` or `aliases.json`, if the tenant has one.
    func aliases(into builder: TenantBuilder) -> AliasTable? {
        let fm = FileManager.default
        if fm.fileExists(atPath: root.appendingPathComponent("aliases.json").path) {
            guard let document = json("aliases.json", required: true, into: builder) else { return nil }
            return AliasTable.fromProviderList(document, file: "aliases.json", log: builder.log)
        }
        for name in ["aliases.csv", "aliases.csv.gz"] where fm.fileExists(atPath: root.appendingPathComponent(name).path) {
            return Self.aliasTable(at: root.appendingPathComponent(name), file: name, into: builder)
        }
        return nil
    }

    /// Reads a CSV alias table, gunzipping it when its name ends in `.gz`.
    static func aliasTable(at url: URL, file: String, into builder: TenantBuilder) -> AliasTable? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            builder.report(Diagnostic(file: file, path: .root, message: "cannot read the file"))
            return nil
        }
        var bytes = [UInt8](data)
        if file.hasSuffix(".gz") {
            do {
                bytes = try Gzip.decompress(bytes)
            } catch {
                builder.report(Diagnostic(file: file, path: .root, message: error.description))
                return nil
            }
        }
        return AliasTable.fromCSV(bytes, file: file, log: builder.log)
    }
}
