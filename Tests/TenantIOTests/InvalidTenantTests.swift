import Foundation
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// `Fixtures/invalid-tenant` breaks every validation rule once; its README lists them.
@Suite struct InvalidTenantTests {
    static let directory = TestPaths.fixtures.appendingPathComponent("invalid-tenant")

    static func diagnostics(_ url: URL) -> [String] {
        do {
            _ = try TenantDirectory(url: url).load()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func everyBrokenRuleIsReportedWithItsFileAndPath() throws {
        let expected = try String(
            contentsOf: Self.directory.appendingPathComponent("expected-errors.txt"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        #expect(Self.diagnostics(Self.directory) == expected)
    }

    @Test func hugeStringsAndDeepNestingAreDiagnosticsNotCrashes() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("posture-hostile-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.directory, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let huge =
            "{\"id\": \"/subscriptions/5b0c2f0e-7a4e-4d0e-9f4b-2f1d7f6e8a11/providers/Microsoft.Authorization/policyExemptions/huge\", \"properties\": {\"displayName\": \""
            + String(repeating: "w", count: 10 * 1_048_576) + "\"}}"
        try Data(huge.utf8).write(to: copy.appendingPathComponent("exemptions/huge-string.json"))
        let deep =
            "{\"properties\": {\"policyRule\": {\"if\": " + String(repeating: "{\"not\": ", count: 10_000) + "{}"
            + String(repeating: "}", count: 10_000) + "}}}"
        try Data(deep.utf8).write(to: copy.appendingPathComponent("definitions/deep-nesting.json"))

        let lines = Self.diagnostics(copy)
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "exemptions/huge-string.json:$.properties.displayName: malformed JSON: string of 10485760 bytes")
            })
        #expect(
            lines.contains {
                $0.hasPrefix("definitions/deep-nesting.json:$.properties.policyRule.if")
                    && $0.contains("nesting deeper than 512 levels")
            })
    }

    @Test func aMissingDirectoryIsOneLine() {
        let lines = Self.diagnostics(URL(fileURLWithPath: "/nonexistent/tenant"))
        #expect(lines == ["/nonexistent/tenant:$: no such tenant directory"])
    }
}
