import ArgumentParser
import Foundation
import History
import HistoryQueries
import PolicyModel

extension Posture {
    struct Exemptions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List the exemptions in history at an instant: active, expiring, expired or orphaned, the resources they cover, and whether those would be compliant anyway."
        )

        @Option(help: "The history database to read.")
        var db: String

        @Option(help: "The instant (ISO 8601); default: when the database's last cycle became visible.")
        var at: Instant?

        @Option(
            help: "The expiring window, e.g. 15d, 36h, 1d12h (default 15d); given, only expiring exemptions are listed."
        )
        var expiringWithin: DurationArgument?

        @Flag(help: "Only expired exemptions (kept by Azure, no longer honoured).")
        var expired = false

        @Flag(help: "Only orphaned exemptions (assignment or scope gone).")
        var orphaned = false

        @Option(help: "Output format: table, json (Azure's policyExemptions list) or csv.")
        var format: OutputFormat = .table

        @OptionGroup var results: SourceOption

        @OptionGroup var common: CommonOptions

        /// The window when `--expiring-within` is not given.
        static let defaultWindow = 15 * 86_400

        func run() throws {
            let store = try HistoryDatabase.reading(db, stream: results.source)
            let report: ExemptionReport
            do {
                let instant = try HistoryDatabase.instant(at, in: store)
                let window = TimeInterval(expiringWithin?.seconds ?? Self.defaultWindow)
                guard let found = try store.exemptionReport(at: instant, expiringWithin: window) else {
                    // Exemptions are objects of the recorded tenant; observed cycles only show their effect.
                    guard results.source == .observed else {
                        throw CommandError.badInput(
                            "posture: \(HistoryDatabase.shown(db)): the history holds no tenant yet; run `posture run` first"
                        )
                    }
                    throw CommandError.badInput(
                        "posture: \(HistoryDatabase.shown(db)): exemptions come from the recorded tenant's configuration (its exemptions/ "
                            + "folder), and the history holds no tenant at \(ISO8601.format(instant)): what Azure "
                            + "showed names none; record the tenant with `posture run --tenant DIR`, or list the "
                            + "exempt assessments with `posture assessments --source observed --cause Exempt`")
                }
                report = found
            } catch {
                throw CommandError(error, file: db)
            }
            var kinds: Set<ExemptionStatus> = []
            if expired { kinds.insert(.expired) }
            if orphaned { kinds.insert(.orphaned) }
            if expiringWithin != nil { kinds.insert(.expiring) }
            print(ExemptionOutput(report: report, entries: report.entries(kinds)).render(format))
        }
    }
}
