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
@Suite(.enabled(if: TestPaths.shared("specs/validate.py") != nil && Python.available, "needs ../shared/specs, python3 and jsonschema"))
struct AzureShapesValidationTests {
    static let specs = "azure-rest-api-specs/specification/"
    static let security = specs + "security/resource-manager/Microsoft.Security/stable/"

    static func evaluation() throws -> ResultSource {
        try ResultSource(
            tenant: TestPaths.fixtures.appendingPathComponent("demo-tenant").path, db: nil,
            at: ISO8601.parse("2026-10-20T00:00:00Z")!, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }

    static func validate(_ json: String, swagger: String, definition: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("posture-shape-\(UUID().uuidString).json")
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
        let json = AssessmentOutput(assessments: source.assessments, shapes: AzureShapes(catalog: source.catalog)).render(.json)
        #expect(try Self.validate(json, swagger: Self.security + "2021-06-01/assessments.json", definition: "SecurityAssessmentList") == "ok")
    }

    @Test func secureScoresAndControlsValidate() throws {
        let source = try Self.evaluation()
        let calculator = ScoreCalculator(catalog: source.catalog)
        let scores = calculator.scores(source.assessments, subscriptions: source.tenant.subscriptions.map(\.subscriptionId))
        let output = ScoreOutput(
            scores: scores, increases: [], shapes: AzureShapes(catalog: source.catalog),
            aggregateScope: "/providers/Microsoft.Management/managementGroups/contoso")
        let document = try JSONParser.parse(output.render(.json))
        let writer = JSONWriter(pretty: false)
        #expect(try Self.validate(writer.string(document["secureScores"]!), swagger: Self.security + "2020-01-01/secureScore.json", definition: "SecureScoresList") == "ok")
        #expect(try Self.validate(writer.string(document["secureScoreControls"]!), swagger: Self.security + "2020-01-01/secureScore.json", definition: "SecureScoreControlList") == "ok")
    }

    @Test func policyStatesValidate() throws {
        let source = try Self.evaluation()
        let json = StateOutput(states: source.results.states, tenant: source.tenant).render(.json)
        #expect(try Self.validate(
            json, swagger: Self.specs + "policyinsights/resource-manager/Microsoft.PolicyInsights/stable/2019-10-01/policyStates.json",
            definition: "PolicyStatesQueryResults") == "ok")
    }
}
