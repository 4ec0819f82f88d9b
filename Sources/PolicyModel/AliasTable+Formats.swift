import JSONCore

extension AliasTable {
    /// Reads `alias,defaultPath` lines (no header), as `policy-aliases.csv` holds them.
    /// Blank lines are skipped; a line without a comma is reported with its number.
    public static func fromCSV(_ bytes: [UInt8], file: String, log: DiagnosticLog) -> AliasTable {
        var entries: [String: String] = [:]
        entries.reserveCapacity(bytes.count / 80)
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var text = Substring(decoding: line, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            if text.trimmingSpaces.isEmpty { continue }
            guard let comma = text.firstIndex(of: ",") else {
                log.report(file, .root, "line \(lineNumber): expected 'alias,defaultPath'")
                continue
            }
            let alias = unquote(text[..<comma])
            let path = unquote(text[text.index(after: comma)...])
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
    public static func fromProviderList(_ document: JSONValue, file: String, log: DiagnosticLog) -> AliasTable {
        var entries: [String: String] = [:]
        let root = JSONNode(document, file: file, log: log)
        let providers = document.objectValue?["value"] != nil ? root["value"] : root
        for provider in providers.elements() {
            for type in provider["resourceTypes"].elements() {
                for alias in type["aliases"].elements() {
                    guard let name = alias["name"].string() else { continue }
                    let path = alias["defaultPath"].optionalString()
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

    private static func unquote(_ s: Substring) -> String {
        var t = s.trimmingSpaces
        if t.count >= 2, t.first == "\"", t.last == "\"" { t = t.dropFirst().dropLast() }
        return String(t)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
