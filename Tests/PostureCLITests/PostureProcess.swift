import Foundation
import TestSupport

/// The built `posture` executable run as cron runs it: real exit codes, real stdout and stderr.
struct PostureProcess {
    struct Result {
        let code: Int32
        let stdout: String
        let stderr: String
    }

    /// `.build/debug/posture` (or wherever this test bundle was built), which `swift test` builds.
    static let binary: URL = {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundleFolder, bundleFolder.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("posture")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return TestPaths.repositoryRoot.appendingPathComponent(".build/debug/posture")
    }()

    /// Runs `posture arguments` in `folder` (`sh arguments` with `shell`); `stdout` replaces the
    /// output (e.g. /dev/full) when given.
    static func run(_ arguments: [String], in folder: URL, stdout: FileHandle? = nil, shell: Bool = false) throws
        -> Result
    {
        let process = Process()
        process.executableURL = shell ? URL(fileURLWithPath: "/bin/sh") : binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output never blocks the child.
        let outData = stdout == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            code: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh folder, removed by the caller.
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static let tenant = TestPaths.fixtures.appendingPathComponent("demo-tenant").path
    static let schedule = TestPaths.repositoryRoot.appendingPathComponent("Schedules/azure-observed.yaml").path

    /// `posture run` of the demo tenant into `db` at `now`.
    static func runDemo(_ db: String, now: String, in folder: URL) throws -> Result {
        try run(["run", "--tenant", tenant, "--schedule", schedule, "--db", db, "--now", now, "--quiet"], in: folder)
    }
}
