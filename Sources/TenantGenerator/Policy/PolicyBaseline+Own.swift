import JSONCore

extension PolicyBaseline {
    /// The tenant's own baseline, used without `--baseline`: a custom "Contoso security
    /// baseline" initiative, defined at the root management group, over eighteen public
    /// built-in definitions (embedded, see `OwnBaselineCatalog`) and the aliases they read.
    package static func own(rootGroupId: String) -> PolicyBaseline {
        var definitions: [String: JSONValue] = [:]
        var files: [File] = []
        let writer = JSONWriter(pretty: true)
        for line in OwnBaselineCatalog.definitions.split(separator: "\n") where !line.isEmpty {
            guard let definition = try? JSONParser.parse(Array(line.utf8)), let id = definition["id"]?.stringValue
            else { continue }
            definitions[id.lowercased()] = definition
            var bytes: [UInt8] = []
            writer.write(definition, into: &bytes)
            bytes.append(0x0A)
            files.append(
                File(path: "definitions/builtin/\(definition["name"]?.stringValue ?? "definition").json", bytes: bytes))
        }
        let groups = Set(OwnBaselineCatalog.members.flatMap(\.groups)).sorted()
        let initiative: JSONValue = .object([
            (
                "id",
                .string(
                    "\(rootGroupId)/providers/Microsoft.Authorization/policySetDefinitions/contoso-security-baseline")
            ),
            ("name", "contoso-security-baseline"),
            ("type", "Microsoft.Authorization/policySetDefinitions"),
            (
                "properties",
                .object([
                    ("displayName", "Contoso security baseline"),
                    ("policyType", "Custom"),
                    (
                        "description",
                        "The subset of the Microsoft cloud security benchmark that Contoso enforces everywhere."
                    ),
                    ("metadata", .object([("category", "Security Center"), ("version", "1.0.0")])),
                    ("parameters", [:]),
                    ("policyDefinitionGroups", .array(groups.map { .object([("name", .string($0))]) })),
                    (
                        "policyDefinitions",
                        .array(
                            OwnBaselineCatalog.members.map { member in
                                .object([
                                    ("policyDefinitionReferenceId", .string(member.referenceId)),
                                    ("policyDefinitionId", .string(member.definitionId)), ("parameters", [:]),
                                    ("groupNames", .strings(member.groups)),
                                ])
                            })
                    ),
                ])
            ),
        ])
        var setBytes: [UInt8] = []
        writer.write(initiative, into: &setBytes)
        setBytes.append(0x0A)
        files.append(File(path: "definitions/contoso-security-baseline.json", bytes: setBytes))
        files.append(File(path: "aliases.csv", bytes: Array(OwnBaselineCatalog.aliases.utf8)))
        return PolicyBaseline(initiative: initiative, definitions: definitions, files: files)
    }
}
