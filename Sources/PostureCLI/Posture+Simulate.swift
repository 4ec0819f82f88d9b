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
            let player = ScenarioPlayer(
                path: scenario, db: db, logger: common.logger(), threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
            let played = try player.play(options: common)
            let s = played.scenario
            print("played \(s.events.count) events from \(ISO8601.format(s.start)) to \(ISO8601.format(s.end)): \(played.report.versions) tenant versions, \(played.report.cycles.count) cycles into \(db)")
        }
    }
}
