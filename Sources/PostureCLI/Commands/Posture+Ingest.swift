import ArgumentParser
import Defender
import Foundation
import History
import JSONCore
import PolicyModel

extension Posture {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what Azure showed (policy states, assessments, secure scores) as observed cycles.",
            discussion: """
                Observed cycles are kept apart from the modelled ones (`--source observed` reads them); no recorded \
                tenant is needed. Each ingest is one transaction: bad input is refused (exit 2) with the file and \
                the JSON path, and the history is left untouched.
                """,
            subcommands: [States.self, Assessments.self, Scores.self])

        /// `--db`, `--wait`: where an ingest records.
        struct Target: ParsableArguments {
            @Option(
                help: "The history database (a SQLite file, or postgres://user@host:port/db); created on first use.")
            var db: String

            @Option(help: "Seconds to wait for another run holding the database.")
            var wait: Int = 0

            /// Records one observed cycle under the run lock; errors name the database.
            func record(_ write: (any HistoryWriting) throws -> Cycle) throws -> Cycle {
                let (lock, _) = try HistoryDatabase.writing(db, wait: wait)
                defer { withExtendedLifetime(lock) {} }
                let store = try HistoryDatabase.store(db, stream: .observed)
                do {
                    let cycle = try write(store)
                    // As a run ends: the file alone holds the history, and its size is the history's.
                    try store.checkpoint()
                    return cycle
                } catch {
                    throw CommandError(error, file: db)
                }
            }
        }

        /// A document's rows decoded, or the first problem as one line (file and JSON path), exit 2.
        static func decode<T>(_ file: String, _ decode: (JSONValue) throws(InputError) -> T) throws -> T {
            let document = try InputFile.json(file)
            do {
                return try decode(document)
            } catch {
                let more =
                    error.diagnostics.count > 1
                    ? " (and \(Plural.count(error.diagnostics.count - 1, "more problem")))" : ""
                throw CommandError.badInput((error.diagnostics.first?.description ?? "\(file): unreadable") + more)
            }
        }

        static func summary(_ count: Int, _ noun: String, _ cycle: Cycle) -> String {
            "recorded \(Plural.count(count, noun)) as observed \(cycle.kind.rawValue) cycle \(cycle.seq) "
                + "(\(cycle.changedCount) changed), visible at \(ISO8601.format(cycle.visibleAt))"
        }

        struct States: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Record Azure's policy states (`az policy state list`, or Resource Graph `policyresources` rows).",
                discussion: """
                    The cycle starts at the oldest state's timestamp and is visible at the newest one's (what \
                    `posture calibrate` fits the policy cycle from), unless --visible-at says otherwise.
                    """)

            @Argument(help: "The exported policy states (JSON: an array, {\"value\": [...]} or {\"data\": [...]}).")
            var file: String

            @OptionGroup var target: Target

            @Option(help: "When the states became visible (ISO 8601); default: their newest timestamp.")
            var visibleAt: Instant?

            func run() throws {
                let states = try Ingest.decode(file) { document throws(InputError) in
                    try PolicyState.decodeAll(document, file: file)
                }
                guard let oldest = states.map(\.timestamp).min(), let newest = states.map(\.timestamp).max() else {
                    throw CommandError.badInput("posture: \(file):$: no policy states to record")
                }
                let cycle = try target.record { store in
                    try store.recordPolicyCycle(
                        NewCycle(
                            kind: .policy, start: oldest, visibleAt: visibleAt?.date ?? newest, tenantVersion: nil,
                            source: "ingest"),
                        results: PolicyResults(states: states))
                }
                print(Ingest.summary(states.count, "policy state", cycle))
            }
        }

        struct Assessments: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Record Defender's assessments (REST `assessments` list, or Resource Graph `securityresources`).")

            @Argument(help: "The exported assessments (JSON: {\"value\": [...]}, {\"data\": [...]} or an array).")
            var file: String

            @OptionGroup var target: Target

            @Option(help: "When Azure showed them (ISO 8601); default: now.")
            var visibleAt: Instant?

            func run() throws {
                let at = Instant.or(visibleAt)
                let assessments = try Ingest.decode(file) { document throws(InputError) in
                    try Assessment.decodeObserved(document, file: file, at: at)
                }
                let cycle = try target.record { store in
                    try store.recordDefenderCycle(
                        NewCycle(kind: .defender, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
                        assessments: assessments)
                }
                print(Ingest.summary(assessments.count, "assessment", cycle))
            }
        }

        struct Scores: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Record Defender's secure scores (`secureScores` list, with an optional `secureScoreControls` "
                    + "list)."
            )

            @Argument(help: "The exported secure scores (JSON: {\"value\": [...]}).")
            var file: String

            @Option(help: "The exported secure score controls of the same subscriptions (JSON: {\"value\": [...]}).")
            var controls: String?

            @OptionGroup var target: Target

            @Option(help: "When Azure showed them (ISO 8601); default: now.")
            var visibleAt: Instant?

            func run() throws {
                let at = Instant.or(visibleAt)
                let controlsDocument = try controls.map { try InputFile.json($0) }
                let scores = try Ingest.decode(file) { document throws(InputError) in
                    try SubscriptionScore.decodeObserved(
                        scores: document, file: file, controls: controlsDocument, controlsFile: controls ?? "")
                }
                guard !scores.isEmpty else {
                    throw CommandError.badInput("posture: \(file):$: no secure scores to record")
                }
                let cycle = try target.record { store in
                    try store.recordScoreCycle(
                        NewCycle(kind: .score, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
                        scores: scores)
                }
                print(Ingest.summary(scores.count, "subscription score", cycle))
            }
        }
    }
}
