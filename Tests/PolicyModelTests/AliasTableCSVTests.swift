import PolicyModel
import Testing

/// `AliasTable.fromCSV` reads `alias,defaultPath` lines as `policy-aliases.csv` writes them.
@Suite struct AliasTableCSVTests {
    @Test func readsQuotedPaddedAndCRLFLines() {
        let text =
            "Microsoft.Web/sites/httpsOnly,properties.httpsOnly\r\n"
            + "  \"Microsoft.Storage/storageAccounts/minimumTlsVersion\" ,\t\"properties.minimumTlsVersion\"\n"
            + "\n \t \r\n"
            + "Microsoft.Sql/servers/databases/zoneRedundant,properties.zoneRedundant"
        let log = DiagnosticLog()
        let table = AliasTable.fromCSV(Array(text.utf8), file: "aliases.csv", log: log)
        #expect(log.isEmpty)
        #expect(table.count == 3)
        #expect(table.defaultPath(for: "microsoft.web/sites/httpsonly") == "properties.httpsOnly")
        #expect(
            table.defaultPath(for: "Microsoft.Storage/storageAccounts/minimumTlsVersion")
                == "properties.minimumTlsVersion")
        #expect(table.defaultPath(for: "Microsoft.Sql/servers/databases/zoneRedundant") == "properties.zoneRedundant")
    }

    @Test func reportsBadLinesByNumber() {
        let text = "Microsoft.Web/sites/httpsOnly,properties.httpsOnly\nno comma here\n\"\",properties.x\n"
        let log = DiagnosticLog()
        let table = AliasTable.fromCSV(Array(text.utf8), file: "aliases.csv", log: log)
        #expect(table.count == 1)
        #expect(
            log.diagnostics.map(\.description) == [
                "aliases.csv:$: line 2: expected 'alias,defaultPath'",
                "aliases.csv:$: line 3: alias and path must not be empty",
            ])
    }
}
