import Foundation
import PolicyModel
import TenantIO
import TestSupport
import Testing

/// Issue 15, items 2, 5, 12 and 15: what a tenant directory holds besides good JSON files.
@Suite struct TenantFileSafetyTests {
    /// A copy of the demo tenant, removed by the caller.
    static func demoCopy() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("posture-files-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestPaths.fixtures.appendingPathComponent("demo-tenant"), to: copy)
        return copy
    }

    static func diagnostics(_ url: URL) -> [String] {
        do {
            _ = try TenantDirectory(url: url).load()
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    /// Item 2: a missing required file or folder is one line, not the errors that follow from it.
    @Test(arguments: [
        (["resourcecontainers.json"], ["resourcecontainers.json:$: required file missing"]),
        (["definitions"], ["definitions/:$: required folder missing"]),
        (
            ["recommendations.json", "controls.json"],
            ["recommendations.json:$: required file missing", "controls.json:$: required file missing"]
        ),
        (
            ["assignments", "resources.json"],
            ["resources.json:$: required file missing", "assignments/:$: required folder missing"]
        ),
    ])
    func aMissingRequiredFileIsNamedOnce(removed: [String], expected: [String]) throws {
        let tenant = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        for name in removed { try FileManager.default.removeItem(at: tenant.appendingPathComponent(name)) }
        #expect(Self.diagnostics(tenant) == expected)
    }

    @Test func optionalFilesMayBeAbsent() throws {
        let tenant = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        for name in ["exemptions", "findings.json", "owners.json"] {
            try FileManager.default.removeItem(at: tenant.appendingPathComponent(name))
        }
        let loaded = try TenantDirectory(url: tenant).load()
        #expect(loaded.exemptions.isEmpty && loaded.findings.isEmpty)
    }

    /// Item 5: an exemption whose assignment was deleted loads, as Azure keeps it.
    @Test func anExemptionWhoseAssignmentIsGoneLoads() throws {
        let tenant = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        try FileManager.default.removeItem(at: tenant.appendingPathComponent("assignments/ciss-2025-at-corp-prod.json"))
        let loaded = try TenantDirectory(url: tenant).load()
        let orphan = try #require(loaded.exemptions.first { $0.name == "crm-db01-decommission" })
        #expect(loaded.assignment(orphan.policyAssignmentId) == nil)
    }

    /// Item 12: a named pipe is refused without being opened (opening it would block for ever).
    @Test(.timeLimit(.minutes(1))) func aNamedPipeIsRefusedWithoutBlocking() throws {
        let tenant = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        #expect(mkfifo(tenant.appendingPathComponent("definitions/pipe.json").path, 0o600) == 0)
        #expect(mkfifo(tenant.appendingPathComponent("exemptions/notes.txt").path, 0o600) == 0)
        try FileManager.default.removeItem(at: tenant.appendingPathComponent("controls.json"))
        #expect(mkfifo(tenant.appendingPathComponent("controls.json").path, 0o600) == 0)
        #expect(
            Self.diagnostics(tenant) == [
                "controls.json:$: a named pipe, not a regular file: refused without reading it",
                "definitions/pipe.json:$: a named pipe, not a regular file: refused without reading it",
                "exemptions/notes.txt:$: a named pipe, not a regular file: refused without reading it",
            ])
    }

    /// Item 15: a dangling link and a link loop are named as such.
    @Test func brokenSymbolicLinksAreNamed() throws {
        let tenant = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        let fm = FileManager.default
        try fm.removeItem(at: tenant.appendingPathComponent("resources.json"))
        try fm.createSymbolicLink(
            atPath: tenant.appendingPathComponent("resources.json").path, withDestinationPath: "gone.json")
        let loop = tenant.appendingPathComponent("definitions/loop.json").path
        try fm.createSymbolicLink(atPath: loop, withDestinationPath: "loop.json")
        try fm.createSymbolicLink(
            atPath: tenant.appendingPathComponent("definitions/self").path,
            withDestinationPath: tenant.appendingPathComponent("definitions").path)
        #expect(
            Self.diagnostics(tenant) == [
                "resources.json:$: dangling symbolic link: its target 'gone.json' does not exist"
            ])
        try fm.removeItem(at: tenant.appendingPathComponent("resources.json"))
        try fm.copyItem(
            at: TestPaths.fixtures.appendingPathComponent("demo-tenant/resources.json"),
            to: tenant.appendingPathComponent("resources.json"))
        // A folder linked into itself is walked once.
        #expect(Self.diagnostics(tenant) == ["definitions/loop.json:$: symbolic link loop"])
    }

    /// Item 15: a repeated key is refused with the file and the path, never "the first one wins".
    @Test func aDuplicateKeyIsRefusedWithFileAndPath() throws {
        let tenant = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: tenant) }
        let url = tenant.appendingPathComponent("resources.json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = try #require(text.range(of: "{")).upperBound
        try ("{\"data\": [], " + text[edited...]).write(to: url, atomically: true, encoding: .utf8)
        let lines = Self.diagnostics(tenant)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("resources.json:$.data: malformed JSON: duplicate member name \"data\"") == true)
    }

    /// Azure refuses an assignment whose parameter values do not fit the assigned definition; so does the
    /// loader, naming the assignment's file and the parameter ("Assignment structure", parameters:
    /// https://learn.microsoft.com/azure/governance/policy/concepts/assignment-structure#parameters).
    @Test(arguments: [
        (
            #""effect": {"value": "Deny"}"#, #""effect": {"value": "Block"}"#, "$.properties.parameters.effect.value",
            "is not one of its allowedValues"
        ),
        (
            #""effect": {"value": "Deny"}"#, #""effect": {"value": 3}"#, "$.properties.parameters.effect.value",
            "of type String"
        ),
        (
            #""effect": {"value": "Deny"}"#, #""effect": {"value": "Deny"}, "colour": {"value": "red"}"#,
            "$.properties.parameters.colour", "not declared"
        ),
    ])
    func assignmentParametersMustFitTheDefinition(original: String, replacement: String, path: String, says: String)
        throws
    {
        let copy = try Self.demoCopy()
        defer { try? FileManager.default.removeItem(at: copy) }
        let file = copy.appendingPathComponent("assignments/allowed-locations-dev-donotenforce.json")
        let text = try String(contentsOf: file, encoding: .utf8)
        let compact = text.replacingOccurrences(
            of: "\"effect\": {\n        \"value\": \"Deny\"\n      }", with: original)
        #expect(compact.contains(original))
        try compact.replacingOccurrences(of: original, with: replacement).write(
            to: file, atomically: true, encoding: .utf8)
        let lines = Self.diagnostics(copy)
        #expect(lines.count == 1, "\(lines)")
        #expect(
            lines.first?.hasPrefix("assignments/allowed-locations-dev-donotenforce.json:\(path): ") == true, "\(lines)")
        #expect(lines.first?.contains(says) == true, "\(lines)")
    }
}
