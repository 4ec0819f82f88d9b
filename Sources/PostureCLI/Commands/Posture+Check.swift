import ArgumentParser
import Foundation
import JSONCore
import PolicyEngine
import PolicyModel
import TenantIO

extension Posture {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile every policy definition under a folder and report what fails and why.",
            discussion: """
                Parameters without a default get a placeholder of their declared type, so the rule itself is checked. \
                Definitions in resource-provider modes (Microsoft.KeyVault.Data, ...) are listed as unsupported.
                """)

        @Argument(
            help: "A folder of definition files (searched recursively), e.g. Azure/azure-policy's policyDefinitions.")
        var directory: String

        @Option(help: "The alias table: alias,defaultPath CSV (optionally .gz) or az provider JSON.")
        var aliases: String?

        @Option(help: "Output format: json or table.")
        var format: DocumentFormat = .json

        @OptionGroup var common: CommonOptions

        func run() throws {
            var table = AliasTable()
            if let aliases {
                do { table = try AliasFile.load(aliases) } catch { throw CommandError(error) }
            }
            let report = try DefinitionCheck(aliases: table).run(directory: directory)
            switch format {
            case .json: print(JSONWriter().string(report.json))
            case .table: print(report.summary)
            }
        }
    }
}
