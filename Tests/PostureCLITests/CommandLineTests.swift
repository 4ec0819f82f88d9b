import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import PostureCLI

@Suite struct CommandLineTests {
    @Test func helpListsEverySubcommandWithItsPurpose() {
        let help = Posture.helpMessage()
        for command in Posture.configuration.subcommands {
            let name = command._commandName
            #expect(help.contains(name), "\(name) missing from --help")
            #expect(!command.configuration.abstract.isEmpty, "\(name) has no one-line purpose")
        }
    }

    @Test func validateExitsTwoOnBadInput() async throws {
        let path = TestPaths.fixtures.appendingPathComponent("invalid-tenant").path
        #expect(await Posture.execute(["validate", path]) == 2)
    }
}

@Suite struct LagCommandLineTests {
    @Test(arguments: [
        (["lag"], "give a scenario file, or --monte-carlo N --schedule FILE"),
        (["lag", "--monte-carlo", "10"], "--monte-carlo needs at least one --schedule FILE"),
        (
            ["lag", "s.json", "--monte-carlo", "10", "--schedule", "x.yaml"],
            "give a scenario file or --monte-carlo, not both"
        ),
        (["lag", "--monte-carlo", "0", "--schedule", "x.yaml"], "--monte-carlo needs at least 1 change"),
        (
            ["lag", "--monte-carlo", "10", "--schedule", "x.yaml", "--scan-at", "6am"],
            "--scan-at '6am' is not a time of day (use HH:MM, e.g. 06:00)"
        ),
        (["lag", "s.json", "--schedule", "x.yaml"], "--schedule and --scan-at go with --monte-carlo"),
        (["lag", "s.json", "--format", "csv"], "The value 'csv' is invalid for '--format <format>'"),
    ])
    func lagRefusesIncompleteOrMixedModes(_ arguments: [String], _ expected: String) {
        let error = #expect(throws: (any Error).self) { _ = try Posture.parseAsRoot(arguments) }
        guard let error else { return }
        // A usage error: exit 64 with the sentence that says what to change.
        #expect(Posture.exitCode(for: error) == .validationFailure)
        #expect(Posture.message(for: error).contains(expected), "\(Posture.message(for: error))")
    }

    @Test func lagAcceptsAScenarioOrAMonteCarlo() throws {
        let scenario = try #require(
            try Posture.parseAsRoot(["lag", "s.json", "--format", "json", "--db", "x.sqlite"]) as? Posture.Lag)
        #expect(scenario.scenario == "s.json")
        #expect(scenario.format == .json)
        #expect(scenario.db == "x.sqlite")
        #expect(scenario.monteCarlo == nil)

        let arguments = [
            "lag", "--monte-carlo", "10", "--schedule", "a.yaml", "--schedule", "b.yaml", "--scan-at", "06:00",
            "--seed", "3",
        ]
        let monteCarlo = try #require(try Posture.parseAsRoot(arguments) as? Posture.Lag)
        #expect(monteCarlo.scenario == nil)
        #expect(monteCarlo.monteCarlo == 10)
        #expect(monteCarlo.schedule == ["a.yaml", "b.yaml"])
        #expect(monteCarlo.scanAt == "06:00")
        #expect(monteCarlo.seed == 3)
    }
}
