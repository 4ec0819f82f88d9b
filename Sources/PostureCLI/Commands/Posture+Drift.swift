import ArgumentParser
import Defender
import Foundation
import History
import HistoryQueries
import JSONCore
import PolicyModel
import Scheduling

extension Posture {
    struct Drift: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The model against what Azure showed at one instant: agreement, and why the rest disagrees.",
            discussion: """
                Reasons: notModeled (the recommendation's policy is in a resource-provider mode or names an alias \
                the table lacks), lag (Azure has not yet run the cycle that changed the model and shows the model's \
                previous state), modelOnly / observedOnly (the pair is on one side only), stateDiffers (the rest).
                """)

        @Option(help: "The history database holding both modelled and observed cycles.")
        var db: String

        @Option(help: "The instant to compare at (ISO 8601); default: the last cycle of either side.")
        var at: Instant?

        @Option(help: "Output format: table or json.")
        var format: DocumentFormat = .table

        @OptionGroup var common: CommonOptions

        func run() throws {
            let model = try HistoryDatabase.reading(db)
            let observed = try HistoryDatabase.reading(db, stream: .observed)
            let instant: Date
            if let at {
                // Like every history command: the history knows nothing before its first visible cycle.
                let first = try [model, observed].compactMap { store in try store.firstVisible().map { (store, $0) } }
                    .min { $0.1 < $1.1 }
                guard let first else { throw CommandError.badInput("posture: \(db): the history holds no cycle yet") }
                try HistoryDatabase.requireRecorded(at.date, option: "--at", in: first.0)
                instant = at.date
            } else {
                let last = [try model.lastCycle()?.visibleAt, try observed.lastCycle()?.visibleAt].compactMap { $0 }
                    .max()
                guard let last else { throw CommandError.badInput("posture: \(db): the history holds no cycle yet") }
                instant = last
            }
            let drift: HistoryQueries.Drift
            do { drift = try .compute(model: model, observed: observed, at: instant) } catch {
                throw CommandError(error, file: db)
            }
            print(format == .json ? DriftOutput.json(drift) : DriftOutput.table(drift), terminator: "")
        }
    }

    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit the tenant's real cadence from observed timestamps and write it as a schedule (YAML).",
            discussion: """
                Policy cycles from the policy states' timestamps, Defender cycles from the statusChangeDate of \
                assessments that changed, score visibility from when the ingested scores changed. The schedule \
                written is read by `posture lag` and `posture run`.
                """)

        @Option(help: "The history database holding observed cycles (posture ingest).")
        var db: String

        @Option(help: "Fit over the last N days before the last observed cycle; default: all of them.")
        var days: Int?

        @Option(help: "The schedule file to write.")
        var out: String

        @Option(help: "The tenant's time zone (IANA name).")
        var timeZone: String = "Europe/Helsinki"

        @Option(help: "Output format: table or json.")
        var format: DocumentFormat = .table

        @OptionGroup var common: CommonOptions

        func run() throws {
            guard let zone = TimeZone(identifier: timeZone) else {
                throw CommandError.usage(
                    "posture: --time-zone '\(timeZone)' is not an IANA time zone (e.g. Europe/Helsinki)")
            }
            if let days, days < 1 { throw CommandError.usage("posture: --days is at least 1") }
            let store = try HistoryDatabase.reading(db, stream: .observed)
            let calibrated: CalibratedSchedule
            do { calibrated = try store.calibrate(days: days, timeZone: zone) } catch let error as CalibrationError {
                throw CommandError.badInput("posture: \(db): \(error.description)")
            } catch {
                throw CommandError(error, file: db)
            }
            let yaml = calibrated.yaml(origin: "the observed cycles of \(URL(fileURLWithPath: db).lastPathComponent)")
            do { try Data(yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic) } catch {
                throw CommandError.io("posture: \(out): cannot write the schedule: \(error.localizedDescription)")
            }
            print(
                format == .json ? DriftOutput.json(calibrated) : DriftOutput.table(calibrated, out: out), terminator: ""
            )
        }
    }
}
