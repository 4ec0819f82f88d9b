import ArgumentParser
import Foundation
import History
import Orchestration
import PolicyModel
import Scheduling
import Simulation
import TenantIO

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
            let directory = URL(fileURLWithPath: scenario).deletingLastPathComponent().path
            let played: Scenario
            do {
                played = try Scenario.decode(try InputFile.json(scenario), file: scenario, directory: directory)
            } catch let error as InputError {
                throw Failure.report(error)
            }
            let tenant = try TenantInput.load(played.tenantPath, options: common)
            let schedule: Schedule
            do { schedule = try Schedule.load(path: played.schedulePath) } catch {
                Failure.printError(error.description)
                throw Failure.invalidInput
            }
            let lock = try RunOptions.lock(db, wait: 0)
            defer { withExtendedLifetime(lock) {} }
            do {
                let store = try HistoryStore(path: db)
                guard try store.tenantVersions().isEmpty else {
                    Failure.printError("posture: \(db) already holds history; simulate into a new database file")
                    throw Failure.invalidInput
                }
                let runner = CycleRunner(
                    store: store, schedule: schedule, logger: common.logger(),
                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
                let report = try Simulator(runner: runner).play(played, tenant: tenant)
                print("played \(played.events.count) events from \(ISO8601.format(played.start)) to \(ISO8601.format(played.end)): \(report.versions) tenant versions, \(report.cycles.count) cycles into \(db)")
            } catch let exit as ExitCode {
                throw exit
            } catch let error as InputError {
                throw Failure.report(error)
            } catch {
                Failure.printError("posture: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
