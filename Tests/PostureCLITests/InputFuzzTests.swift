import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import PostureCLI

/// Issue 15's seeded campaign of bad inputs: mutated copies of `Fixtures/demo-tenant` through
/// `posture validate` and `posture states`, mutated schedules and scenarios through `posture simulate`,
/// all in process through the commands' own `run()`. Every input is accepted, or refused with exit 2
/// and `file:path: message` lines; nothing traps and nothing hangs (the time limit fails a hang; the
/// campaign takes about two minutes of CPU in a debug build).
@Suite(.serialized) struct InputFuzzTests {
    static let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant")
    static let tenantCases = 1_000
    static let simulateCases = 200

    @Test(.timeLimit(.minutes(15))) func mutatedTenantsAreAcceptedOrRefusedWithFileAndPath() throws {
        var random = FuzzRandom(seed: 0x15_2026)
        let files = try Self.relativeFiles(of: Self.demo)
        let work = try FuzzFolder()
        var outcomes = [FuzzOutcome: Int]()
        var failures: [String] = []
        for n in 0..<Self.tenantCases {
            let tenant = work.url.appendingPathComponent("t\(n)")
            try FileManager.default.copyItem(at: Self.demo, to: tenant)
            let mutation = try FuzzMutation.apply(to: tenant, files: files, random: &random)
            let validate = try Self.run(["validate", tenant.path])
            if !validate.isAcceptedOrRefused { failures.append("case \(n) (\(mutation)): validate \(validate)") }
            // Few rows printed: the campaign is about loading and evaluating, not about output.
            let states = try Self.run(
                [
                    "states", tenant.path, "--at", "2026-11-02T12:00:00Z", "--format", "json", "--compliance-state",
                    "Conflict",
                ])
            if !states.isAcceptedOrRefused { failures.append("case \(n) (\(mutation)): states \(states)") }
            // `validate` also refuses assigned policies that cannot be evaluated (what `run` refuses); `states`
            // on the spot evaluates the others and says on stderr what it left out (issue 13.6).
            let onlyUnevaluated =
                validate.outcome == .refused
                && validate.output.split(separator: "\n").allSatisfy { $0.contains(": policy not evaluated, ") }
            if states.outcome != validate.outcome, !(onlyUnevaluated && states.outcome == .accepted) {
                failures.append("case \(n) (\(mutation)): validate \(validate.outcome), states \(states.outcome)")
            }
            outcomes[validate.outcome, default: 0] += 1
            try FileManager.default.removeItem(at: tenant)
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
        // The campaign exercises both sides: most mutations are refused, some are harmless.
        #expect(outcomes[.refused, default: 0] > Self.tenantCases / 2, "\(outcomes)")
        #expect(outcomes[.accepted, default: 0] > 0)
    }

    @Test(.timeLimit(.minutes(15))) func mutatedSchedulesAndScenariosAreAcceptedOrRefused() throws {
        var random = FuzzRandom(seed: 0x12_2026)
        let work = try FuzzFolder()
        let schedule = try Data(
            contentsOf: TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml"))
        var refused = 0
        var failures: [String] = []
        for n in 0..<Self.simulateCases {
            let folder = work.url.appendingPathComponent("s\(n)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try schedule.write(to: folder.appendingPathComponent("schedule.yaml"))
            try Data(Self.scenario.utf8).write(to: folder.appendingPathComponent("scenario.json"))
            let target = n.isMultiple(of: 2) ? "schedule.yaml" : "scenario.json"
            let mutation = try FuzzMutation.apply(to: folder, files: [target], random: &random)
            let db = folder.appendingPathComponent("history.sqlite").path
            let simulate = try Self.run(["simulate", folder.appendingPathComponent("scenario.json").path, "--db", db])
            if !simulate.isAcceptedOrRefused { failures.append("case \(n) (\(mutation)): simulate \(simulate)") }
            if simulate.outcome == .refused || simulate.outcome == .refusedIO {
                refused += 1
                if FileManager.default.fileExists(atPath: db) {
                    failures.append("case \(n) (\(mutation)): \(db) left behind")
                }
            }
            try FileManager.default.removeItem(at: folder)
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
        #expect(refused > Self.simulateCases / 2)
    }

    /// A day of the demo tenant with two events, short enough to play 200 times.
    static var scenario: String {
        """
        {"tenant": "\(demo.path)", "schedule": "schedule.yaml",
         "start": "2026-11-01T00:00:00Z", "end": "2026-11-02T00:00:00Z",
         "events": [
          {"at": "2026-11-01T09:00:00Z", "delete": "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/providers/Microsoft.Authorization/policyAssignments/contoso-ciss-2025"},
          {"at": "2026-11-01T10:00:00Z", "scan": true}
         ]}
        """
    }

    /// The files of a tenant directory, relative to it.
    static func relativeFiles(of root: URL) throws -> [String] {
        let names = try #require(FileManager.default.subpaths(atPath: root.path))
        return names.filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: root.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// Whether a line reads `file:JSON-path: message`.
    static func namesFileAndPath(_ line: Substring) -> Bool {
        guard let first = line.first, !first.isWhitespace, let marker = line.range(of: ":$"),
            marker.lowerBound > line.startIndex, let colon = line[marker.upperBound...].range(of: ": ")
        else { return false }
        return !line[marker.upperBound..<colon.lowerBound].contains(" ") && colon.upperBound < line.endIndex
    }

    /// Runs a command in process, collecting the error lines it prints.
    static func run(_ arguments: [String]) throws -> CommandResult {
        var command = try Posture.parseAsRoot(arguments)
        do {
            try command.run()
            return CommandResult(outcome: .accepted, output: "")
        } catch {
            // What `posture` itself would print and exit with: the error classified by the README's table.
            let failure = CommandError(error)
            let output = failure.lines.joined(separator: "\n")
            // A file or folder that is missing is an I/O error (exit 74), named by its path.
            if failure.code == .io, failure.lines.contains(where: { $0.contains("/") }) {
                return CommandResult(outcome: .refusedIO, output: output)
            }
            guard failure.code == .badInput else {
                return CommandResult(
                    outcome: .other("\(type(of: error)) (exit \(failure.code.rawValue)): \(error)"), output: output)
            }
            // Refusals print `file:path: message` lines (a path is `$` or starts with it).
            let named = failure.lines.contains { namesFileAndPath($0[...]) }
            return CommandResult(outcome: named ? .refused : .refusedWithoutPath, output: output)
        }
    }
}

enum FuzzOutcome: Hashable {
    case accepted
    case refused
    case refusedWithoutPath
    /// Exit 74: a file the input names is missing.
    case refusedIO
    case other(String)
}

struct CommandResult: CustomStringConvertible {
    var outcome: FuzzOutcome
    var output: String

    var isAcceptedOrRefused: Bool { outcome == .accepted || outcome == .refused || outcome == .refusedIO }
    var description: String { "\(outcome): \(output.suffix(600))" }
}

/// A temporary folder removed at the end of the test.
final class FuzzFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("posture-fuzz-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
