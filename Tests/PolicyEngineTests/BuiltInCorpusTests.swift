import Foundation
import JSONCore
import PolicyEngine
import PolicyModel
import TestSupport
import Testing

/// Compiles every public built-in definition (`../shared/azure-policy/policyDefinitions`) with the
/// real alias table. Skipped when `../shared` is absent.
@Suite("Built-in definitions compile (needs ../shared)")
struct BuiltInCorpusTests {
    static let definitions = TestPaths.shared("azure-policy/policyDefinitions")

    /// What compiling the whole corpus gave.
    struct Tally {
        var total = 0, unsupportedModes = 0, resourceManagerModes = 0, compiled = 0, withUnknownAliases = 0
        var failures: [PolicyCompileError.Code: [String]] = [:]
        var ratio: Double { Double(compiled) / Double(resourceManagerModes) }
    }

    static func compileAll(_ handling: PolicyCompiler.UnknownAliasHandling) throws -> Tally {
        let compiler = PolicyCompiler(aliases: EngineTestSupport.sharedAliases!, unknownAliases: handling)
        var tally = Tally()
        for url in EngineTestSupport.jsonFiles(under: definitions!) {
            tally.total += 1
            let definition = try EngineTestSupport.parseFile(url)
            do {
                let policy = try compiler.compile(
                    definition, parameters: PolicyCompiler.placeholderValues(for: definition))
                tally.compiled += 1
                tally.resourceManagerModes += 1
                if !policy.unknownAliases.isEmpty { tally.withUnknownAliases += 1 }
            } catch {
                if error.code == .unsupportedMode {
                    tally.unsupportedModes += 1
                    continue
                }
                tally.resourceManagerModes += 1
                tally.failures[error.code, default: []].append("\(url.lastPathComponent): \(error)")
            }
        }
        print(
            "built-ins (\(handling)): \(tally.total) files, \(tally.unsupportedModes) resource-provider modes, "
                + "\(tally.compiled) of \(tally.resourceManagerModes) All/Indexed compiled "
                + "(\(String(format: "%.2f", tally.ratio * 100))%), \(tally.withUnknownAliases) with unknown aliases")
        for (code, list) in tally.failures.sorted(by: { $0.value.count > $1.value.count }) {
            print("  \(code.rawValue): \(list.count)")
            for line in list.prefix(3) { print("    \(line)") }
        }
        return tally
    }

    @Test(
        "Strict: every failure is an alias the shared table lacks (needs ../shared)",
        .enabled(if: definitions != nil && EngineTestSupport.sharedAliases != nil))
    func strictCompile() throws {
        let tally = try Self.compileAll(.fail)
        #expect(tally.total == 3594)
        #expect(tally.unsupportedModes == 134)
        // With the 2026-08 table only the three deprecated Microsoft.MobileNetwork definitions fail: Azure has
        // retired their aliases (../shared/aliases/README.md). A compile error naming the alias is the outcome.
        #expect(Set(tally.failures.keys) == [.unknownAlias])
        let failed = tally.failures[.unknownAlias] ?? []
        #expect(failed.count == 3)
        #expect(failed.allSatisfy { $0.contains("'Microsoft.MobileNetwork/") && $0.contains("is not an alias") })
        #expect(tally.ratio >= 0.999)
    }

    @Test(
        "At least 99% of All/Indexed built-ins compile when unknown aliases mean not applicable (needs ../shared)",
        .enabled(if: definitions != nil && EngineTestSupport.sharedAliases != nil))
    func lenientCompile() throws {
        let tally = try Self.compileAll(.treatAsNotApplicable)
        #expect(tally.total == 3594)
        #expect(tally.unsupportedModes == 134)
        #expect(tally.withUnknownAliases == 3)
        #expect(tally.failures.isEmpty)
        #expect(tally.ratio >= 0.99)
    }
}
