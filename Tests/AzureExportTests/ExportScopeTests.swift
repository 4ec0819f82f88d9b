import AzureExport
import Foundation
import JSONCore
import PolicyModel
import TestSupport
import Testing

/// The scope of an export reaches every call; what Azure shows lands in observed/; the swap keeps exports safe.
@Suite("Export scopes, observed data and the swap", .enabled(if: FakeAzure.available, "python3 runs the fake az"))
struct ExportScopeTests {
    let demo = TestPaths.fixtures.appendingPathComponent("demo-tenant")
    let corpProd = "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"
    let corpDev = "ae354339-4fc6-4e07-97c1-83500eb29e30"

    @Test("A management group: every Resource Graph query and policy list is scoped to it")
    func managementGroupScope() async throws {
        let fake = try FakeAzure(source: demo)
        defer { fake.remove() }
        let folder = fake.work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try await fake.exporter(scope: .managementGroup("contoso")).export(into: folder)
        let calls = try fake.calls()
        let graph = calls.filter { $0.starts(with: ["graph", "query"]) }
        #expect(graph.count == 3)
        #expect(
            graph.allSatisfy { $0.contains("--management-groups") && $0.contains("contoso") && $0.contains("1000") })
        #expect(calls.contains(["policy", "definition", "list", "--management-group", "contoso", "-o", "json"]))
        #expect(calls.contains(["policy", "set-definition", "list", "--management-group", "contoso", "-o", "json"]))
        #expect(
            calls.contains([
                "policy", "assignment", "list", "--scope", "/providers/Microsoft.Management/managementGroups/contoso",
                "--disable-scope-strict-match", "-o", "json",
            ]))
        #expect(
            calls.contains([
                "policy", "exemption", "list", "--scope", "/providers/Microsoft.Management/managementGroups/contoso",
                "--disable-scope-strict-match", "-o", "json",
            ]))
        #expect(calls.contains(["provider", "list", "--expand", "resourceTypes/aliases", "-o", "json"]))
    }

    @Test("A subscription list: graph queries name them all, policy lists run per subscription, ids merge once")
    func subscriptionList() async throws {
        let fake = try FakeAzure(source: demo, pageSize: 10)
        defer { fake.remove() }
        let folder = fake.work.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try await fake.exporter(scope: .subscriptions([corpProd, corpDev])).export(into: folder)
        let calls = try fake.calls()
        let graph = calls.filter { $0.starts(with: ["graph", "query"]) }
        #expect(
            graph.allSatisfy { call in
                guard let at = call.firstIndex(of: "--subscriptions") else { return false }
                return Array(call[(at + 1)...].prefix(2)) == [corpProd, corpDev]
            })
        #expect(
            calls.filter { $0.starts(with: ["policy", "definition", "list"]) }.map { $0[4] } == [corpProd, corpDev])
        #expect(
            calls.filter { $0.starts(with: ["policy", "assignment", "list"]) }.map { $0[4] }
                == ["/subscriptions/\(corpProd)", "/subscriptions/\(corpDev)"])
        let expected = try rows(demo.appendingPathComponent("resources.json")).filter { row in
            let id = row.objectValue?["id"]?.stringValue?.lowercased() ?? ""
            return id.hasPrefix("/subscriptions/\(corpProd)") || id.hasPrefix("/subscriptions/\(corpDev)")
        }
        #expect(try rows(folder.appendingPathComponent("resources.json")) == expected)
        // The fake returns every definition for each subscription, as az returns built-ins for each: kept once.
        #expect(try rows(folder.appendingPathComponent("definitions/policies.json")).count == 27)
    }

    @Test("--observed: secure scores per subscription, policy states paged, every assessment; findings stay native")
    func observedExport() async throws {
        let source = try ObservedSource.make(from: demo)
        defer { try? FileManager.default.removeItem(at: source) }
        let fake = try FakeAzure(source: source, pageSize: 1000, restPage: 2)
        defer { fake.remove() }
        let target = fake.work.appendingPathComponent("tenant")
        let (report, tenant) = try await AzureExport.run(
            fake.exporter(scope: .managementGroup("contoso"), observed: true), to: ExportDestination(target.path),
            nonce: "t", now: Date(timeIntervalSince1970: 0))
        let states = try rows(target.appendingPathComponent("observed/policystates.json"))
        #expect(states == (try rows(source.appendingPathComponent("observed/policystates.json"))))
        #expect(states.count == ObservedSource.stateCount)
        let document = try JSONParser.parse(
            [UInt8](Data(contentsOf: target.appendingPathComponent("observed/policystates.json"))))
        #expect(try PolicyState.decodeAll(document, file: "policystates.json").count == ObservedSource.stateCount)
        for subscription in tenant.subscriptions {
            let scores = target.appendingPathComponent("observed/securescores/\(subscription.subscriptionId).json")
            #expect(try rows(scores).count == 1)
            let controls = target.appendingPathComponent(
                "observed/securescorecontrols/\(subscription.subscriptionId).json")
            #expect(try rows(controls).count == 3)
        }
        // The policy-backed assessment is Azure's view (observed/), not a Defender-native finding.
        let all = try rows(target.appendingPathComponent("observed/assessments.json"))
        let findings = try rows(target.appendingPathComponent("findings.json"))
        #expect(all.count == findings.count + 1)
        #expect(!findings.contains { $0.objectValue?["name"]?.stringValue == ObservedSource.policyBackedKey })
        #expect(
            report.files.contains { $0.path == "observed/policystates.json" && $0.rows == ObservedSource.stateCount })
    }

    @Test("Exports are 0700 folders of 0600 files; retention keeps the newest previous exports")
    func permissionsAndRetention() async throws {
        let fake = try FakeAzure(source: demo)
        defer { fake.remove() }
        let target = fake.work.appendingPathComponent("tenant")
        let destination = ExportDestination(target.path, keep: 2)
        for day in 0..<4 {
            _ = try await AzureExport.run(
                fake.exporter(scope: .managementGroup("contoso")), to: destination, nonce: "n\(day)",
                now: Date(timeIntervalSince1970: 1_796_000_000 + Double(day) * 86_400))
        }
        let fm = FileManager.default
        #expect(try fm.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int == 0o700)
        #expect(
            try fm.attributesOfItem(atPath: target.appendingPathComponent("resources.json").path)[.posixPermissions]
                as? Int == 0o600)
        let archived = try fm.contentsOfDirectory(atPath: fake.work.appendingPathComponent("tenant.exports").path)
            .sorted()
        // Named by when each was replaced: the exports of days 1 and 2, replaced on days 2 and 3.
        #expect(archived == ["20261202T005320Z", "20261203T005320Z"])
    }

    @Test("A swap interrupted after the live export was moved aside is undone by the next export")
    func interruptedSwapRecovered() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("swap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let destination = ExportDestination(work.appendingPathComponent("tenant").path)
        try FileManager.default.createDirectory(
            at: work.appendingPathComponent(".tenant.previous"), withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: work.appendingPathComponent(".tenant.previous/resources.json"))
        try Data().write(to: work.appendingPathComponent(".tenant.previous/\(ExportDestination.marker)"))
        let temporary = try destination.prepare(nonce: "x")
        #expect(try String(contentsOf: work.appendingPathComponent("tenant/resources.json"), encoding: .utf8) == "kept")
        #expect(temporary.lastPathComponent == ".tenant.export-x")
    }

    @Test("Backoff grows, is bounded and jittered")
    func backoff() {
        let policy = RetryPolicy(baseDelay: .seconds(2), maximumDelay: .seconds(30), sleep: { _ in }, jitter: { 0.999 })
        #expect(policy.delay(beforeRetry: 1) < .seconds(2.01))
        #expect(policy.delay(beforeRetry: 1) > .seconds(1.99))
        #expect(policy.delay(beforeRetry: 3) > .seconds(7.9))
        #expect(policy.delay(beforeRetry: 50) <= .seconds(30))
        let low = RetryPolicy(baseDelay: .seconds(2), sleep: { _ in }, jitter: { 0 })
        #expect(low.delay(beforeRetry: 1) == .seconds(1))
    }
}

/// The demo tenant plus what Azure would show: policy states as Resource Graph rows, secure scores, and every
/// assessment including one computed from a policy.
enum ObservedSource {
    static let stateCount = 2_345
    static let policyBackedKey = "1d23aec9-c814-4625-92d1-d401c6b8ef9f"

    static func make(from demo: URL) throws -> URL {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("observed-source-\(UUID().uuidString)")
        try fm.copyItem(at: demo, to: folder)
        let observed = folder.appendingPathComponent("observed")
        try fm.createDirectory(at: observed.appendingPathComponent("securescores"), withIntermediateDirectories: true)
        try fm.createDirectory(
            at: observed.appendingPathComponent("securescorecontrols"), withIntermediateDirectories: true)
        let resources = try rows(demo.appendingPathComponent("resources.json")).compactMap {
            $0.objectValue?["id"]?.stringValue
        }
        var states: [JSONValue] = []
        for i in 0..<stateCount {
            let resource = resources[i % resources.count]
            let assignment =
                "/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization"
                + "/policyAssignments/a\(i / resources.count)"
            states.append(
                .object([
                    "id": .string("\(resource)/providers/Microsoft.PolicyInsights/policyStates/\(i)"),
                    "name": .string("\(i)"), "type": .string("microsoft.policyinsights/policystates"),
                    "properties": .object([
                        "timestamp": .string("2026-12-01T07:00:00Z"), "resourceId": .string(resource),
                        "policyAssignmentId": .string(assignment),
                        "policyDefinitionId": .string("/providers/Microsoft.Authorization/policyDefinitions/d\(i % 7)"),
                        "complianceState": .string(i % 3 == 0 ? "NonCompliant" : "Compliant"),
                    ]),
                ]))
        }
        try write(.object(["data": .array(states)]), to: observed.appendingPathComponent("policystates.json"))
        for subscription in [
            "6f785871-4461-4118-8534-25ff2c2061fb", "6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71",
            "ae354339-4fc6-4e07-97c1-83500eb29e30",
        ] {
            let score: JSONValue = .object([
                "id": .string("/subscriptions/\(subscription)/providers/Microsoft.Security/secureScores/ascScore"),
                "name": .string("ascScore"), "type": .string("Microsoft.Security/secureScores"),
                "properties": .object([
                    "score": .object(["max": .number(58), "current": .number(41.2), "percentage": .number(0.7103)])
                ]),
            ])
            try write(
                .object(["value": .array([score])]),
                to: observed.appendingPathComponent("securescores/\(subscription).json"))
            let controls: [JSONValue] = (0..<3).map { .object(["name": .string("control\($0)")]) }
            try write(
                .object(["value": .array(controls)]),
                to: observed.appendingPathComponent("securescorecontrols/\(subscription).json"))
        }
        var assessments = try rows(demo.appendingPathComponent("findings.json"))
        assessments.append(
            .object([
                "id": .string(
                    "/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71/providers/Microsoft.Security/assessments/"
                        + policyBackedKey
                ),
                "name": .string(policyBackedKey), "type": .string("Microsoft.Security/assessments"),
                "properties": .object([
                    "resourceDetails": .object([
                        "Source": .string("Azure"),
                        "Id": .string("/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"),
                    ]),
                    "status": .object(["code": .string("Unhealthy")]),
                ]),
            ]))
        try write(.object(["data": .array(assessments)]), to: observed.appendingPathComponent("assessments.json"))
        return folder
    }

    private static func write(_ value: JSONValue, to url: URL) throws {
        var bytes: [UInt8] = []
        JSONWriter(pretty: false).write(value, into: &bytes)
        try Data(bytes).write(to: url)
    }
}
