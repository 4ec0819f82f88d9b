import ArgumentParser
import Foundation
import HistoryQueries
import PolicyModel

extension Posture {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The tour: a month of the demo tenant (Fixtures/scenarios/demo.json) played into a fresh history, then its trend, last week's delta and lags."
        )

        @Option(help: "The scenario to play; default: the embedded Fixtures/scenarios/demo.json.")
        var scenario: String?

        @Option(
            help:
                "The folder for the history database, the chart and the report (emptied of them first; its parent must exist); default: a temporary folder."
        )
        var out: String?

        @OptionGroup var common: CommonOptions

        func run() throws {
            guard let path = scenario ?? DemoFiles.find(DemoFiles.scenario) else {
                throw CommandError.io(
                    "posture: cannot find \(DemoFiles.scenario); run from the repository root or pass --scenario FILE")
            }
            let folder = URL(
                fileURLWithPath: out
                    ?? FileManager.default.temporaryDirectory.appendingPathComponent("posture-demo").path)
            let db = folder.appendingPathComponent("demo.sqlite").path
            do {
                // The folder itself may be new; a missing parent is a typo, not something to create.
                var isDirectory: ObjCBool = false
                if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: out == nil)
                } else if !isDirectory.boolValue {
                    throw CocoaError(.fileWriteFileExists)
                }
                for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            } catch {
                throw CommandError.io(
                    "posture: \(folder.path): cannot create the demo folder: \(error.localizedDescription)")
            }
            let clock = ContinuousClock()
            let started = clock.now
            let playback = try ScenarioPlayback(path: path, common: common)
            let (store, report) = try playback.play(
                into: db, threads: ProcessInfo.processInfo.activeProcessorCount, logger: common.logger())
            let elapsed = clock.now - started
            let tour = DemoTour(
                playback: playback, store: store, report: report, scenarioPath: path, folder: folder, elapsed: elapsed)
            do {
                print(try tour.render())
            } catch {
                throw CommandError(error, file: db)
            }
        }
    }
}
