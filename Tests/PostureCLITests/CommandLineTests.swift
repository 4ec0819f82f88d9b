import ArgumentParser
import Foundation
import PostureCLI
import TestSupport
import Testing

@Suite struct CommandLineTests {
    @Test func helpListsEverySubcommandWithItsPurpose() {
        let help = Posture.helpMessage()
        for command in Posture.configuration.subcommands {
            let name = command._commandName
            #expect(help.contains(name), "\(name) missing from --help")
            #expect(!command.configuration.abstract.isEmpty, "\(name) has no one-line purpose")
        }
    }

    @Test func validateExitsTwoOnBadInput() throws {
        let path = TestPaths.fixtures.appendingPathComponent("invalid-tenant").path
        #expect(Posture.execute(["validate", path]) == 2)
    }
}

@Suite struct LagCommandLineTests {
    @Test(arguments: [
        ["lag"], ["lag", "--monte-carlo", "10"], ["lag", "s.json", "--monte-carlo", "10", "--schedule", "x.yaml"],
        ["lag", "--monte-carlo", "0", "--schedule", "x.yaml"], ["lag", "--monte-carlo", "10", "--schedule", "x.yaml", "--scan-at", "6am"],
        ["lag", "s.json", "--schedule", "x.yaml"], ["lag", "s.json", "--format", "csv"],
    ])
    func lagRefusesIncompleteOrMixedModes(_ arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try Posture.parseAsRoot(arguments) }
    }

    @Test func lagAcceptsAScenarioOrAMonteCarlo() throws {
        _ = try Posture.parseAsRoot(["lag", "s.json", "--format", "json", "--db", "x.sqlite"])
        _ = try Posture.parseAsRoot(["lag", "--monte-carlo", "10", "--schedule", "a.yaml", "--schedule", "b.yaml", "--scan-at", "06:00", "--seed", "3"])
    }
}
