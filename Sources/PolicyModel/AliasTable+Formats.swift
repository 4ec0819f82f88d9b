package import JSONCore

extension AliasTable {
    /// Reads `alias,defaultPath` lines (no header), as `policy-aliases.csv` holds them.
    /// Blank lines are skipped; a line without a comma is reported with its number.
    package static func fromCSV(_ bytes: [UInt8], file: String, log: DiagnosticLog) -> AliasTable {
        var entries: [String: String] = [:]
        entries.reserveCapacity(bytes.count / 80)
        var lineNumber = 0
        // On bytes: the table has some 60,000 lines, and every byte that matters here is ASCII.
        for var line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.last == 0x0D { line.removeLast() }
            if trimmingSpaces(line).isEmpty { continue }
            guard let comma = line.firstIndex(of: UInt8(ascii: ",")) else {
                log.report(file, .root, "line \(lineNumber): expected 'alias,defaultPath'")
                continue
            }
            let alias = unquote(line[..<comma])
            let path = unquote(line[(comma + 1)...])
            if alias.isEmpty || path.isEmpty {
                log.report(file, .root, "line \(lineNumber): alias and path must not be empty")
                continue
            }
            entries[alias] = path
        }
        return AliasTable(entries)
    }

    /// Reads `az provider list --expand resourceTypes/aliases` output: providers with
    /// `namespace` and `resourceTypes[].aliases[] {name, defaultPath, paths[]}`.
    package static func fromProviderList(_ document: JSONValue, file: String, log: DiagnosticLog) -> AliasTable {
        var entries: [String: String] = [:]
        let root = JSONNode(document, file: file, log: log)
        let providers = document.objectValue?["value"] != nil ? root["value"] : root
        for provider in providers.elements() {
            for type in provider["resourceTypes"].elements() {
                for alias in type["aliases"].elements() {
                    guard let name = alias["name"].string() else { continue }
                    let path =
                        alias["defaultPath"].optionalString()
                        ?? alias["paths"].elements().first?["path"].optionalString()
                    guard let path else {
                        alias.report("alias '\(name)' has neither defaultPath nor paths")
                        continue
                    }
                    entries[name] = path
                }
            }
        }
        return AliasTable(entries)
    }

    private static func unquote(_ s: ArraySlice<UInt8>) -> String {
        var t = trimmingSpaces(s)
        if t.count >= 2, t.first == UInt8(ascii: "\""), t.last == UInt8(ascii: "\"") { t = t.dropFirst().dropLast() }
        return String(decoding: t, as: UTF8.self)
    }

    /// The bytes without leading and trailing spaces and tabs.
    private static func trimmingSpaces(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = s
        while let f = s.first, f == 0x20 || f == 0x09 { s.removeFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s.removeLast() }
        return s
    }
}
