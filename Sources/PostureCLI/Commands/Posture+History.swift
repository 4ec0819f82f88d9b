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

            @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db).")
            var db: String

            func run() throws {
                print(try HistoryDatabase.reading(db).dump(), terminator: "")
            }
        }

        struct Cycles: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the recorded cycles with their times and counts.")

            @Option(help: "The history database (a SQLite file, or postgres://user@host:port/db).")
            var db: String

            @Option(help: "Output format: table, json or csv.")
            var format: OutputFormat = .table

            @OptionGroup var results: SourceOption

            @OptionGroup var common: CommonOptions

            func run() throws {
                let store = try HistoryDatabase.reading(db, stream: results.source)
                let cycles = try store.cycles()
                let partial = try store.lastCycleShards().flatMap { $0.isComplete ? nil : $0 }
                let header = [
                    "seq", "kind", "start", "visibleAt", "tenantVersion", "source", "results", "changed", "policies",
                    "unevaluated",
                ]
                let rows = cycles.map { cycle -> [String] in
                    let counts = [cycle.resultCount, cycle.changedCount].map(String.init)
                    let policies = [cycle.assignedPolicies, cycle.unevaluatedPolicies].map { $0.map(String.init) ?? "" }
                    return [
                        String(cycle.seq), cycle.kind.rawValue, ISO8601.format(cycle.start),
                        ISO8601.format(cycle.visibleAt), cycle.tenantVersion.map(String.init) ?? "", cycle.source,
                    ] + counts + policies
                }
                switch format {
                case .table:
                    var table = TextTable(header)
                    rows.forEach { table.append($0) }
                    print(table.render())
                    if cycles.contains(where: { ($0.unevaluatedPolicies ?? 0) > 0 }) {
                        print(
                            "\nunevaluated: assigned policies a policy cycle did not evaluate; `posture states --db` says why"
                        )
                    }
                    if let partial {
                        let missing = partial.missing.map(String.init).joined(separator: ", ")
                        print(
                            "\nin progress: \(partial.summary); shard(s) \(missing) of \(partial.count) still to record theirs"
                        )
                    }
                case .csv:
                    var csv = CSVWriter(header)
                    rows.forEach { csv.append($0) }
                    print(csv.text)
                case .json:
                    print(
                        JSONWriter().string(
                            .array(
                                cycles.map { cycle in
                                    [
                                        "seq": .number(Double(cycle.seq)), "kind": .string(cycle.kind.rawValue),
                                        "start": .string(ISO8601.format(cycle.start)),
                                        "visibleAt": .string(ISO8601.format(cycle.visibleAt)),
                                        "tenantVersion": cycle.tenantVersion.map { .number(Double($0)) } ?? .null,
                                        "source": .string(cycle.source), "results": .number(Double(cycle.resultCount)),
                                        "changed": .number(Double(cycle.changedCount)),
                                        "policies": cycle.assignedPolicies.map { .number(Double($0)) } ?? .null,
                                        "unevaluated": cycle.unevaluatedPolicies.map { .number(Double($0)) } ?? .null,
                                    ]
                                })))
                }
            }
        }
    }
}
