import ArgumentParser
import Foundation
import History
import JSONCore
import PolicyModel

extension Posture {
    struct HistoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history", abstract: "Look into the history database.", subcommands: [Cycles.self, Dump.self])

        struct Dump: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print every row of the history in a fixed order (to compare two histories).")

            @Option(help: "The history database (SQLite).")
            var db: String

            func run() throws {
                print(try HistoryDatabase.open(db).dump(), terminator: "")
            }
        }

        struct Cycles: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the recorded cycles with their times and counts.")

            @Option(help: "The history database (SQLite).")
            var db: String

            @Option(help: "Output format: table, json or csv.")
            var format: OutputFormat = .table

            @OptionGroup var common: CommonOptions

            func run() throws {
                let cycles = try HistoryDatabase.open(db).cycles()
                let header = [
                    "seq", "kind", "start", "visibleAt", "tenantVersion", "source", "results", "changed", "policies",
                    "unevaluated",
                ]
                let rows = cycles.map {
                    [
                        String($0.seq), $0.kind.rawValue, ISO8601.format($0.start), ISO8601.format($0.visibleAt),
                        $0.tenantVersion.map(String.init) ?? "", $0.source, String($0.resultCount), String($0.changedCount),
                        $0.assignedPolicies.map(String.init) ?? "", $0.unevaluatedPolicies.map(String.init) ?? "",
                    ]
                }
                switch format {
                case .table:
                    var table = TextTable(header)
                    rows.forEach { table.append($0) }
                    print(table.render())
                    if cycles.contains(where: { ($0.unevaluatedPolicies ?? 0) > 0 }) {
                        print("\nunevaluated: assigned policies a policy cycle did not evaluate; `posture states --db` says why")
                    }
                case .csv:
                    var csv = CSVWriter(header)
                    rows.forEach { csv.append($0) }
                    print(csv.text)
                case .json:
                    print(JSONWriter().string(.array(rows.map { row in
                        .object(JSONObject(zip(header, row).map { JSONObject.Member(key: $0, value: .string($1)) }))
                    })))
                }
            }
        }
    }
}
