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
            subcommands: [States.self, Assessments.self, Scores.self, Compliance.self])

        /// `--db`, `--wait`: where an ingest records.
        struct Target: ParsableArguments {
            @Option(help: "The history database (SQLite); created on first use.")
            var db: String

            @Option(help: "Seconds to wait for another run holding the database.")
            var wait: Int = 0

            @Option(
                name: .customLong("subscription"),
                help: ArgumentHelp(
                    "A subscription the files show, beside those their rows name (repeatable): its rows missing "
                        + "from the files are recorded as gone. Rows of other subscriptions carry over."))
            var subscriptions: [String] = []

            /// The subscriptions the cycle shows beside its rows' own: Azure lists them per subscription.
            var scope: Set<String> { Set(subscriptions) }

            /// Records one observed cycle under the run lock; errors name the database.
            func record(_ write: (HistoryStore) throws -> Cycle) throws -> Cycle {
                let (lock, _) = try HistoryDatabase.writing(db, wait: wait)
                defer { withExtendedLifetime(lock) {} }
                do {
                    let store = try HistoryStore(path: db, stream: .observed)
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
            try Self.decode([file]) { (documents) throws(InputError) -> T in try decode(documents[0].document) }
        }

        /// Several documents' rows decoded together, or the first problem as one line, exit 2. A
        /// string that is not valid UTF-8 is refused at its path, never recorded repaired.
        static func decode<T>(
            _ files: [String], _ decode: ([(document: JSONValue, file: String)]) throws(InputError) -> T
        ) throws -> T {
            let documents = try files.map { (document: try InputFile.json($0, strictUnicode: true), file: $0) }
            do {
                return try decode(documents)
            } catch {
                let more =
                    error.diagnostics.count > 1
                    ? " (and \(Plural.count(error.diagnostics.count - 1, "more problem")))" : ""
                throw CommandError.badInput(
                    (error.diagnostics.first?.description ?? "\(files.joined(separator: ", ")): unreadable") + more)
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

            @Argument(
                help: ArgumentHelp(
                    "The exported policy states (JSON: an array, {\"value\": [...]} or {\"data\": [...]}; "
                        + "several files, e.g. one per subscription, make one cycle)."))
            var files: [String]

            @OptionGroup var target: Target

            @Option(help: "When the states became visible (ISO 8601 with a zone); default: their newest timestamp.")
            var visibleAt: ZonedInstant?

            func run() throws {
                let states = try Ingest.decode(files) { documents throws(InputError) in
                    try PolicyState.decodeAll(documents, visibleAt: visibleAt?.date)
                }
                guard let oldest = states.map(\.timestamp).min(), let newest = states.map(\.timestamp).max() else {
                    throw CommandError.badInput("posture: \(files[0]):$: no policy states to record")
                }
                let cycle = try target.record { store in
                    try store.recordPolicyCycle(
                        NewCycle(
                            kind: .policy, start: oldest, visibleAt: visibleAt?.date ?? newest, tenantVersion: nil,
                            source: "ingest"),
                        results: PolicyResults(states: states), resources: nil, subscriptions: target.scope)
                }
                print(Ingest.summary(states.count, "policy state", cycle))
            }
        }

        struct Assessments: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Record Defender's assessments (REST `assessments` list, or Resource Graph `securityresources`).")

            @Argument(
                help: ArgumentHelp(
                    "The exported assessments (JSON: {\"value\": [...]}, {\"data\": [...]} or an array; several "
                        + "files, e.g. one per subscription, make one cycle)."))
            var files: [String]

            @OptionGroup var target: Target

            @Option(help: "When Azure showed them (ISO 8601 with a zone); default: now.")
            var visibleAt: ZonedInstant?

            func run() throws {
                let at = visibleAt?.date ?? WallClock.now()
                let assessments = try Ingest.decode(files) { documents throws(InputError) in
                    try Assessment.decodeObserved(documents, at: at)
                }
                let cycle = try target.record { store in
                    try store.recordDefenderCycle(
                        NewCycle(kind: .defender, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
                        assessments: assessments, resourceTypes: [:], subscriptions: target.scope)
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

            @Argument(
                help: "The exported secure scores (JSON: {\"value\": [...]}; several files, e.g. one per subscription)."
            )
            var files: [String]

            @Option(
                help: ArgumentHelp(
                    "The exported secure score controls of the same subscriptions (JSON: {\"value\": [...]}; "
                        + "repeatable, matched to the scores by the subscription in each row's id)."))
            var controls: [String] = []

            @OptionGroup var target: Target

            @Option(help: "When Azure showed them (ISO 8601 with a zone); default: now.")
            var visibleAt: ZonedInstant?

            func run() throws {
                let at = visibleAt?.date ?? WallClock.now()
                let scores = try Ingest.decode(files + controls) { documents throws(InputError) in
                    try SubscriptionScore.decodeObserved(
                        scores: Array(documents.prefix(files.count)), controls: Array(documents.dropFirst(files.count)))
                }
                guard !scores.isEmpty else {
                    throw CommandError.badInput("posture: \(files[0]):$: no secure scores to record")
                }
                let cycle = try target.record { store in
                    try store.recordScoreCycle(
                        NewCycle(kind: .score, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
                        scores: scores, subscriptions: target.scope)
                }
                print(Ingest.summary(scores.count, "subscription score", cycle))
            }
        }

        struct Compliance: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Record Defender's regulatory compliance lists (regulatoryComplianceStandards, "
                    + "regulatoryComplianceControls, regulatoryComplianceAssessments).",
                discussion: """
                    Give every list Azure showed at one instant in one ingest, in any order: a control's id names \
                    its standard and an assessment's its control, and each must be among the files. The lists \
                    carry no timestamp, so --visible-at is required, with its zone. Counts are kept as Azure gave \
                    them.
                    """)

            @Argument(help: "The exported lists (JSON: {\"value\": [...], \"nextLink\"?}, an array or one item).")
            var files: [String] = []

            @OptionGroup var target: Target

            @Option(
                name: [.customLong("visible-at"), .customLong("observed-at")],
                help: "When Azure showed them (ISO 8601 with Z or an offset, e.g. 2026-11-01T09:00:00Z).")
            var visibleAt: ZonedInstant

            func validate() throws {
                if files.isEmpty { throw ValidationError("give at least one regulatory compliance list") }
            }

            func run() throws {
                let at = visibleAt.date
                let items = try Ingest.decode(files) { (documents) throws(InputError) in
                    try ObservedComplianceItem.decodeAll(documents.map { (file: $0.file, document: $0.document) })
                }
                let cycle = try target.record { store in
                    try store.recordComplianceCycle(
                        NewCycle(kind: .compliance, start: at, visibleAt: at, tenantVersion: nil, source: "ingest"),
                        items: items)
                }
                let counts = [ObservedComplianceItem.Level.standard, .control, .assessment].map { level in
                    items.count { $0.level == level }
                }
                print(
                    "recorded \(Plural.count(counts[0], "standard")), \(Plural.count(counts[1], "control")) and "
                        + "\(Plural.count(counts[2], "assessment")) as observed compliance cycle \(cycle.seq) "
                        + "(\(cycle.changedCount) changed), visible at \(ISO8601.format(cycle.visibleAt))")
            }
        }
    }
}
