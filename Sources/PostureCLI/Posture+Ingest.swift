import ArgumentParser
import Foundation
import History
import JSONCore
import PolicyModel

extension Posture {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record data exported from Azure into the history.", subcommands: [States.self])

        struct States: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record `az policy state list` output as a policy cycle, so Defender and scores run over Azure's own results.")

            @Argument(help: "The exported policy states (JSON: an array or {\"value\": [...]}).")
            var file: String

            @Option(help: "The history database (SQLite).")
            var db: String

            @Option(help: "When the states became visible (ISO 8601); default: their newest timestamp.")
            var visibleAt: Instant?

            @Option(help: "Seconds to wait for another run holding the database.")
            var wait: Int = 0

            @OptionGroup var common: CommonOptions

            func run() throws {
                let document = try InputFile.json(file)
                let states: [PolicyState]
                do { states = try PolicyState.decodeAll(document, file: file) } catch { throw Failure.report(error) }
                guard let newest = states.map(\.timestamp).max() else {
                    Failure.printError("\(file):$: no policy states to record")
                    throw Failure.invalidInput
                }
                let lock = try RunOptions.lock(db, wait: wait)
                defer { withExtendedLifetime(lock) {} }
                do {
                    let store = try HistoryStore(path: db)
                    let cycle = try store.recordPolicyCycle(
                        NewCycle(kind: .policy, start: newest, visibleAt: visibleAt?.date ?? newest, tenantVersion: nil, source: "ingest"),
                        results: PolicyResults(states: states))
                    print("recorded \(states.count) policy states as cycle \(cycle.seq) (\(cycle.changedCount) changed), visible at \(ISO8601.format(cycle.visibleAt))")
                } catch {
                    Failure.printError("posture: \(error)")
                    throw ExitCode.failure
                }
            }
        }
    }
}
