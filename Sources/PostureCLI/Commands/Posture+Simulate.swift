import ArgumentParser
import Foundation
import PolicyModel
import Simulation

extension Posture {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Play a scenario (tenant, schedule, timed events) through the real cycles into a fresh history database."
        )

        @Argument(help: "The scenario file (JSON: tenant, schedule, start, end, events).")
        var scenario: String

        @Option(help: "The history database to create (it must not hold history yet).")
        var db: String

        @Option(help: "Evaluation threads; default: the machine's cores.")
        var threads: Int?

        @Option(help: "Also write what Azure would have shown at each cycle into this folder (Azure's shapes).")
        var exportObserved: String?

        @Option(help: "With --export-observed: move each cycle by up to this many minutes either way (seeded).")
        var jitter: Int = 0

        @Option(help: "With --jitter: the seed (the same seed writes the same files).")
        var seed: UInt64 = 1

        @OptionGroup var common: CommonOptions

        func run() throws {
            let playback = try ScenarioPlayback(path: scenario, common: common)
            let played = playback.scenario
            guard (0...180).contains(jitter) else { throw CommandError.usage("posture: --jitter is 0 to 180 minutes") }
            let (store, report) = try playback.play(
                into: db, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, logger: common.logger())
            let counts = [
                Plural.count(report.versions, "tenant version"), Plural.count(report.cycles.count, "cycle"),
            ]
            print(
                "played \(Plural.count(played.events.count, "event")) from \(ISO8601.format(played.start)) to "
                    + "\(ISO8601.format(played.end)): \(counts.joined(separator: ", ")) into \(HistoryDatabase.shown(db))"
            )
            if let exportObserved {
                let folder = URL(fileURLWithPath: exportObserved)
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    let entries = try ObservedExport(jitterMinutes: jitter, seed: seed).write(store, into: folder)
                    print("observed: \(Plural.count(entries.count, "cycle")) in \(exportObserved)/observed-cycles.json")
                } catch {
                    throw CommandError(error, file: exportObserved)
                }
            }
        }
    }
}
