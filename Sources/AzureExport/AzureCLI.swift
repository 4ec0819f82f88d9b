import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs `az` calls. A protocol so the exporter's paging and retry logic can be driven by a fake in tests;
/// the real one is `AzureCLI`.
package protocol AzureCommandRunner: Sendable {
    /// Runs one call and returns what it printed on stdout; throws `AzureCLIFailure` when it exits non-zero.
    func run(_ call: AzureCall) async throws -> [UInt8]
}

/// `az` exited non-zero (or could not start): its exit status and what it printed on stderr.
package struct AzureCLIFailure: Error, Sendable {
    package var status: String
    package var standardError: String

    package init(status: String, standardError: String) {
        self.status = status
        self.standardError = standardError
    }

    /// Azure's throttling, as `az` reports it: HTTP 429, `RateLimiting`, `Too Many Requests`. A 429 counts only as a
    /// number of its own, not inside an id (`…-4296-…` in a subscription id is no status code).
    package var isThrottling: Bool {
        let text = standardError.lowercased()
        if text.contains("ratelimiting") || text.contains("too many requests") { return true }
        let bytes = Array(text.utf8)
        let digits = Array("429".utf8)
        func partOfWord(_ i: Int) -> Bool {
            guard bytes.indices.contains(i) else { return false }
            let c = bytes[i]
            return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
        }
        var i = 0
        while i + digits.count <= bytes.count {
            if bytes[i..<(i + digits.count)].elementsEqual(digits), !partOfWord(i - 1), !partOfWord(i + digits.count) {
                return true
            }
            i += 1
        }
        return false
    }

    /// `az`'s message on one line (its first `ERROR:` line, else the first non-empty one).
    package var message: String {
        let lines = standardError.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let line = lines.first { $0.hasPrefix("ERROR:") } ?? lines.first { !$0.isEmpty } ?? "no message"
        return "az \(status): \(line.prefix(500))"
    }
}

/// The Azure CLI, started through swift-subprocess with the user's environment (and so their `az login`).
package struct AzureCLI: AzureCommandRunner {
    /// The executable: a path, or `az` looked up on PATH.
    package let executable: String
    /// Variables set for `az` on top of the inherited environment (tests point a fake `az` at its data this way).
    package let environment: [String: String]
    /// Output larger than this is refused (a page of 1,000 rows is a few MB).
    package let outputLimit: Int

    package init(executable: String? = nil, environment: [String: String] = [:], outputLimit: Int = 1 << 30) {
        self.executable = executable ?? "az"
        self.environment = environment
        self.outputLimit = outputLimit
    }

    package func run(_ call: AzureCall) async throws -> [UInt8] {
        let target: Executable = executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
        let result: ExecutionResult<Void, BytesOutput, StringOutput<UTF8>>
        do {
            result = try await Subprocess.run(
                target, arguments: Arguments(call.arguments),
                environment: .inherit.updating(
                    Dictionary(
                        uniqueKeysWithValues: environment.map {
                            (Environment.Key(stringLiteral: $0.key), Optional($0.value))
                        })),
                output: .bytes(limit: outputLimit),
                error: .string(limit: 1 << 20))
        } catch {
            throw AzureCLIFailure(status: "could not be started", standardError: "\(error)")
        }
        guard case .exited(0) = result.terminationStatus else {
            throw AzureCLIFailure(status: "\(result.terminationStatus)", standardError: result.standardError)
        }
        return result.standardOutput
    }
}
