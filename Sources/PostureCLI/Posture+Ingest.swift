import ArgumentParser
import Foundation
import History
import JSONCore
import Orchestration
import PolicyModel
import Scheduling

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

            @Option(
                help: """
                    The schedule (YAML); needed when `posture run` keeps the history: the cycles due before the \
                    states become visible run first, so later runs go on from them.
                    """)
            var schedule: String?

            @OptionGroup var common: CommonOptions

            func run() throws {
                let document = try InputFile.json(file)
                let states: [PolicyState]
                do { states = try PolicyState.decodeAll(document, file: file) } catch { throw CommandError(error) }
                guard let newest = states.map(\.timestamp).max() else {
                    throw CommandError.badInput("\(file):$: no policy states to record")
                }
                let visible = visibleAt?.date ?? newest
                let loadedSchedule = try schedule.map { try Schedule.load(path: $0) }
                let (lock, store) = try HistoryDatabase.writing(db, wait: wait)
                defer { withExtendedLifetime(lock) {} }
                do {
                    var ran = 0
                    if try store.since() != nil {
                        guard let loadedSchedule else {
                            throw CommandError.usage(
                                "posture: \(db): `posture run` keeps this history; give --schedule FILE so that "
                                    + "the cycles due before \(ISO8601.format(visible)) run before the ingested states")
                        }
                        let runner = CycleRunner(store: store, schedule: loadedSchedule, logger: common.logger())
                        ran = try runner.run(observing: nil, now: visible).executed.count
                    } else if let latest = try store.latestInstant(), visible < latest {
                        throw OrchestrationError(
                            .clockBackwards,
                            "the history already holds \(ISO8601.format(latest)); states visible at "
                                + "\(ISO8601.format(visible)) are before it, and the clock only goes forward")
                    }
                    let cycle = try store.recordPolicyCycle(
                        NewCycle(
                            kind: .policy, start: newest, visibleAt: visible, tenantVersion: nil, source: "ingest"),
                        results: PolicyResults(states: states))
                    if ran > 0 { print("ran \(Plural.count(ran, "cycle")) due before the ingested states") }
                    print(
                        "recorded \(Plural.count(states.count, "policy state")) as cycle \(cycle.seq) "
                            + "(\(cycle.changedCount) changed), visible at \(ISO8601.format(cycle.visibleAt))")
                } catch {
                    throw CommandError(error, file: db)
                }
            }
        }
    }
}
