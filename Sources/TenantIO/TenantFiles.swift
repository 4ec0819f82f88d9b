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
        json(relativePath, required: required, into: builder, rows: JSONRowSink<Never>?.none)
    }

    /// `json(_:required:into:)` with a sink that takes the document's rows as they are parsed.
    func json<Row: Sendable>(
        _ relativePath: String, required: Bool, into builder: TenantBuilder, rows: JSONRowSink<Row>?
    ) -> JSONValue? {
        let parse = { (buffer: UnsafeRawBufferPointer, mapped: Bool) in
            Result { () throws(JSONParseError) in
                try JSONParser.parse(buffer, threads: threads, releasingParsedPages: mapped, rows: rows)
            }
        }
        let result: Result<JSONValue, JSONParseError>
        let path = root.appendingPathComponent(relativePath).path
        guard let entry = check(relativePath, required: required, into: builder) else { return nil }
        if entry == .regularFile, let mapped = MappedFile(path: path, minimumSize: JSONParser.parallelThreshold) {
            // A private read-only mapping: its pages go back to the kernel as the parse passes them. The
            // rows are read again from the file when needed rather than held (`StoredRow`).
            rows?.file = RowFile(path: path, name: relativePath)
            result = mapped.withBytes { parse($0, true) }
        } else {
            guard let bytes = read(relativePath, required: required, into: builder) else { return nil }
            result = bytes.withUnsafeBytes { parse($0, false) }
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

    /// What a relative path names, when it is a file that can be read; nil with a diagnostic (none for an
    /// optional file that is absent) for anything else.
    func check(_ relativePath: String, required: Bool, into builder: TenantBuilder) -> FileEntry? {
        let entry = FileEntry(path: root.appendingPathComponent(relativePath).path)
        if entry == .missing, !required { return nil }
        if let problem = entry.problem {
            builder.report(Diagnostic(file: relativePath, path: .root, message: problem))
            return nil
        }
        return entry
    }

    /// The contents of a file, or nil with a diagnostic.
    func read(_ relativePath: String, required: Bool, into builder: TenantBuilder) -> [UInt8]? {
        guard check(relativePath, required: required, into: builder) != nil else { return nil }
        return Self.read(root.appendingPathComponent(relativePath).path, file: relativePath, into: builder)
    }

    /// The contents of a file named by its full path, or nil with a diagnostic naming `file`.
    static func read(_ path: String, file: String, into builder: TenantBuilder) -> [UInt8]? {
        if let problem = FileEntry(path: path).problem {
            builder.report(Diagnostic(file: file, path: .root, message: problem))
            return nil
        }
        switch FileEntry.read(path) {
        case .success(let bytes): return bytes
        case .failure(let failure):
            builder.report(Diagnostic(file: file, path: .root, message: failure.message))
            return nil
        }
    }

    /// Relative paths of the `.json` files below a folder, sorted so loads are deterministic. Linked
    /// folders are followed (`definitions` -> a copy of Azure/azure-policy), each once; a named pipe, a
    /// socket, a device or a broken link anywhere below is reported, never opened.
    func jsonFiles(under folder: String, into builder: TenantBuilder) -> [String] {
        var files: [String] = []
        var visited: Set<[UInt64]> = []
        walk(folder, files: &files, visited: &visited, depth: 0, into: builder)
        return files.sorted()
    }

    /// Folders nested deeper than this are reported rather than walked.
    static let maximumFolderDepth = 64

    private func walk(
        _ relativePath: String, files: inout [String], visited: inout Set<[UInt64]>, depth: Int,
        into builder: TenantBuilder
    ) {
        let path = root.appendingPathComponent(relativePath).path
        var status = stat()
        guard stat(path, &status) == 0, visited.insert([UInt64(status.st_dev), UInt64(status.st_ino)]).inserted else {
            return
        }
        guard depth < Self.maximumFolderDepth else {
            builder.report(
                Diagnostic(
                    file: relativePath, path: .root,
                    message: "folders nested deeper than \(Self.maximumFolderDepth) levels"))
            return
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            builder.report(Diagnostic(file: relativePath, path: .root, message: "cannot list the folder"))
            return
        }
        for name in names.sorted() {
            let child = relativePath + "/" + name
            let entry = FileEntry(path: root.appendingPathComponent(child).path)
            switch entry {
            case .directory: walk(child, files: &files, visited: &visited, depth: depth + 1, into: builder)
            case .regularFile: if name.lowercased().hasSuffix(".json") { files.append(child) }
            case .missing: continue
            default: builder.report(Diagnostic(file: child, path: .root, message: entry.problem ?? "unreadable"))
            }
        }
    }

    /// The alias table from `aliases.csv`, `aliases.csv.gz` or `aliases.json`, if the tenant has one.
    func aliases(into builder: TenantBuilder) -> AliasTable? {
        if FileEntry(path: root.appendingPathComponent("aliases.json").path) != .missing {
            guard let document = json("aliases.json", required: true, into: builder) else { return nil }
            return AliasTable.fromProviderList(document, file: "aliases.json", log: builder.log)
        }
        for name in ["aliases.csv", "aliases.csv.gz"]
        where FileEntry(path: root.appendingPathComponent(name).path) != .missing {
            guard check(name, required: true, into: builder) != nil else { return nil }
            return Self.aliasTable(at: root.appendingPathComponent(name), file: name, into: builder)
        }
        return nil
    }

    /// Reads a CSV alias table, gunzipping it when its name ends in `.gz`.
    static func aliasTable(at url: URL, file: String, into builder: TenantBuilder) -> AliasTable? {
        guard var bytes = read(url.path, file: file, into: builder) else { return nil }
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
