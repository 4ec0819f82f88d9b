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
        var command = try Posture.parseAsRoot(["validate", path])
        #expect(throws: ExitCode(2)) { try command.run() }
    }
}
