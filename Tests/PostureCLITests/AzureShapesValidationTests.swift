import ArgumentParser
import Defender
import Foundation
import JSONCore
import Logging
import PolicyModel
import TestSupport
import Testing

@testable import PostureCLI

/// Every assessment, secure score, control and policy state the demo tenant produces validates
/// against Microsoft's OpenAPI files with `../shared/specs/validate.py --strict`.
@Suite(
    .enabled(
        if: TestPaths.shared("specs/validate.py") != nil && Python.available,
        "needs ../shared/specs, python3 and jsonschema"))
struct AzureShapesValidationTests {
    static let specs = "azure-rest-api-specs/specification/"
    static let security = specs + "security/resource-manager/Microsoft.Security/stable/"

    static func evaluation() throws -> ResultSource {
        try ResultSource(
            tenant: TestPaths.fixtures.appendingPathComponent("demo-tenant").path, db: nil,
            at: ISO8601.parse("2026-10-20T00:00:00Z")!, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    static func validate(_ json: String, swagger: String, definition: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posture-shape-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let specs = TestPaths.shared("specs")!
        return try Python.run([
            specs.appendingPathComponent("validate.py").path, "--raw", "--strict",
            specs.appendingPathComponent(swagger).path, definition, file.path,
        ])
    }

    @Test func assessmentsValidate() throws {
        let source = try Self.evaluation()
        #expect(source.assessments.count > 100)
        let json = AssessmentOutput(assessments: source.assessments, shapes: AzureShapes(catalog: source.catalog))
            .render(.json)
        #expect(
            try Self.validate(
                json, swagger: Self.security + "2021-06-01/assessments.json", definition: "SecurityAssessmentList")
                == "ok")
    }

    @Test func secureScoresAndControlsValidate() throws {
        let source = try Self.evaluation()
        let calculator = ScoreCalculator(catalog: source.catalog)
        let scores = calculator.scores(
            source.assessments, subscriptions: source.tenant.subscriptions.map(\.subscriptionId))
        let output = ScoreOutput(
            scores: scores, increases: [], shapes: AzureShapes(catalog: source.catalog),
            aggregateScope: "/providers/Microsoft.Management/managementGroups/contoso")
        let document = try JSONParser.parse(output.render(.json))
        let writer = JSONWriter(pretty: false)
        #expect(
            try Self.validate(
                writer.string(document["secureScores"]!), swagger: Self.security + "2020-01-01/secureScore.json",
                definition: "SecureScoresList") == "ok")
        #expect(
            try Self.validate(
                writer.string(document["secureScoreControls"]!), swagger: Self.security + "2020-01-01/secureScore.json",
                definition: "SecureScoreControlList") == "ok")
    }

    @Test func policyStatesValidate() throws {
        let source = try Self.evaluation()
        let json = StateOutput(states: source.results.states, tenant: source.tenant).render(.json)
        #expect(
            try Self.validate(
                json,
                swagger: Self.specs
                    + "policyinsights/resource-manager/Microsoft.PolicyInsights/stable/2019-10-01/policyStates.json",
                definition: "PolicyStatesQueryResults") == "ok")
    }

    static let regulatory =
        specs + "security/resource-manager/Microsoft.Security/preview/2019-01-01-preview/regulatoryCompliance.json"

    /// `posture compliance --format json` on the demo tenant: the three lists of Defender's API.
    static func regulatoryComplianceDocument() throws -> JSONValue {
        let source = try evaluation()
        let subscriptions = RegulatoryCompliance.bySubscription(
            tenant: source.tenant, states: source.results.states, catalog: source.catalog)
        return try JSONParser.parse(
            ComplianceOutput.render(
                AzureShapes(catalog: source.catalog).regulatoryCompliance(subscriptions), level: nil))
    }

    @Test func regulatoryComplianceListsValidate() throws {
        let document = try Self.regulatoryComplianceDocument()
        let writer = JSONWriter(pretty: false)
        for (list, definition) in [
            ("regulatoryComplianceStandards", "RegulatoryComplianceStandardList"),
            ("regulatoryComplianceControls", "RegulatoryComplianceControlList"),
            ("regulatoryComplianceAssessments", "RegulatoryComplianceAssessmentList"),
        ] {
            let page = try #require(document[list])
            #expect(page["value"]?.arrayValue?.isEmpty == false, "\(list) is empty")
            let verdict = try Self.validate(writer.string(page), swagger: Self.regulatory, definition: definition)
            #expect(verdict == "ok", "\(list)")
        }
    }
}

/// Every count of `posture compliance --format json` on the demo tenant matches the members listed under it.
@Suite struct RegulatoryComplianceCountTests {
    typealias Item = (id: String, state: String, properties: JSONValue)

    static func items(_ document: JSONValue, _ list: String) throws -> [Item] {
        try #require(document[list]?["value"]?.arrayValue).map { item in
            let properties = item["properties"] ?? .null
            return (item["id"]?.stringValue ?? "", properties["state"]?.stringValue ?? "", properties)
        }
    }

    static func count(_ value: JSONValue, _ name: String) -> Int {
        value[name]?.numberValue.flatMap { Int(exactly: $0) } ?? -1
    }

    @Test func countsAddUpAtEveryLevel() throws {
        let document = try AzureShapesValidationTests.regulatoryComplianceDocument()
        let standards = try Self.items(document, "regulatoryComplianceStandards")
        let controls = try Self.items(document, "regulatoryComplianceControls")
        let assessments = try Self.items(document, "regulatoryComplianceAssessments")
        #expect(!standards.isEmpty && !controls.isEmpty && !assessments.isEmpty)
        for standard in standards {
            let own = controls.filter { $0.id.hasPrefix(standard.id + "/regulatoryComplianceControls/") }
            for (name, state) in [
                ("passedControls", "Passed"), ("failedControls", "Failed"), ("skippedControls", "Skipped"),
                ("unsupportedControls", "Unsupported"),
            ] {
                let listed = own.filter { $0.state == state }.count
                #expect(Self.count(standard.properties, name) == listed, "\(standard.id) \(name)")
            }
        }
        #expect(
            controls.count
                == standards.map { s in
                    controls.filter { $0.id.hasPrefix(s.id + "/") }.count
                }.reduce(0, +), "every control belongs to one listed standard")
        for control in controls {
            let own = assessments.filter { $0.id.hasPrefix(control.id + "/regulatoryComplianceAssessments/") }
            for (name, state) in [
                ("passedAssessments", "Passed"), ("failedAssessments", "Failed"),
                ("skippedAssessments", "Skipped"),
            ] {
                let listed = own.filter { $0.state == state }.count
                #expect(Self.count(control.properties, name) == listed, "\(control.id) \(name)")
            }
            let expected = RegulatoryState.aggregate(
                passed: Self.count(control.properties, "passedAssessments"),
                failed: Self.count(control.properties, "failedAssessments"),
                skipped: Self.count(control.properties, "skippedAssessments"))
            #expect(control.state == expected.rawValue, "\(control.id)")
        }
        for assessment in assessments {
            let expected = RegulatoryState.aggregate(
                passed: Self.count(assessment.properties, "passedResources"),
                failed: Self.count(assessment.properties, "failedResources"),
                skipped: Self.count(assessment.properties, "skippedResources"))
            #expect(assessment.state == expected.rawValue, "\(assessment.id)")
        }
    }

    @Test func levelNeedsTheJSONFormat() throws {
        let error = #expect(throws: (any Error).self) {
            try Posture.Compliance.parse(["--format", "table", "--level", "controls"])
        }
        #expect(error.map { Posture.Compliance.exitCode(for: $0) } == .validationFailure, "exit 64, bad usage")
        #expect(error.map { Posture.Compliance.message(for: $0) } == "--level needs --format json")
        #expect(try Posture.Compliance.parse(["--format", "json", "--level", "controls"]).level == .controls)
    }
}
