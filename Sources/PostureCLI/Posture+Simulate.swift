import ArgumentParser
import Foundation
import PolicyModel
import Simulation

extension Posture {
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Play a scenario (tenant, schedule, timed events) through the real cycles into a fresh history database.")

        @Argument(help: "The scenario file (JSON: tenant, schedule, start, end, events).")
        var scenario: String

        @Option(help: "The history database to create (it must not hold history yet).")
        var db: String

        @Option(help: "Evaluation threads; default: the machine's cores.")
        var threads: Int?

        @OptionGroup var common: CommonOptions

        func run() throws {
            let playback = try ScenarioPlayback(path: scenario, common: common)
            let played = playback.scenario
            let (_, report) = try playback.play(
                into: db, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, logger: common.logger())
            let counts = [
                Plural.count(report.versions, "tenant version"), Plural.count(report.cycles.count, "cycle"),
            ]
            print(
                "played \(Plural.count(played.events.count, "event")) from \(ISO8601.format(played.start)) to "
                    + "\(ISO8601.format(played.end)): \(counts.joined(separator: ", ")) into \(db)")
        }
    }
}
