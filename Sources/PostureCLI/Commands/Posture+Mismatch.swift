import ArgumentParser
import Foundation
import History
import HistoryQueries
import PolicyModel

extension Posture {
    struct MismatchCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mismatch",
            abstract:
                "Show where Azure Policy and Defender disagree at an instant, in both directions, since when and until when."
        )

        @Option(help: "The history database to read.")
        var db: String

        @Option(help: "The instant (ISO 8601); default: when the database's last cycle became visible.")
        var at: Instant?

        @Option(help: "Output format: table, json or csv.")
        var format: OutputFormat = .table

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        func run() throws {
            let store = try HistoryDatabase.reading(db, stream: results.source)
            do {
                let instant = try HistoryDatabase.instant(at, in: store)
                // Without a tenant no policy maps to a recommendation: nothing was compared, so claim no agreement.
                guard try store.tenantVersion(at: instant) != nil else {
                    throw CommandError.badInput(
                        "posture: \(HistoryDatabase.shown(db)): mismatch maps policy states to Defender's assessments through the recorded "
                            + "tenant's policies and recommendations, and the history holds no tenant at "
                            + "\(ISO8601.format(instant)); record it with `posture run --tenant DIR`, or compare the "
                            + "model with what Azure showed with `posture drift`")
                }
                // Without policy states or assessments visible, nothing was compared either.
                let visible = (
                    policy: try store.latestPolicyCycle(visibleAt: instant),
                    defender: try store.latestCycle(of: [.defender], visibleAt: instant)
                )
                guard visible.policy != nil, visible.defender != nil else {
                    let source = store.stream == .observed ? "observed " : ""
                    let missing = visible.policy == nil ? "policy states" : "assessments"
                    throw CommandError.badInput(
                        "posture: \(HistoryDatabase.shown(db)): mismatch compares the \(source)policy states with "
                            + "the \(source)assessments, and no \(source)\(missing) were visible at "
                            + "\(ISO8601.format(instant)); nothing was compared")
                }
                print(MismatchOutput(at: instant, mismatches: try store.mismatches(at: instant)).render(format))
            } catch {
                throw CommandError(error, file: db)
            }
        }
    }
}
