import Foundation
import JSONCore
import PolicyModel

/// `Microsoft.Security/assessments` Defender wrote by itself: system updates, vulnerability
/// assessment and management ports on VMs, vulnerabilities on SQL servers, registries and
/// clusters, MFA on subscriptions.
struct FindingFactory {
    let assessments: [NativeAssessment]
    let baseInstant: Date

    /// The native assessments that apply to a resource type (lower-cased).
    func assessments(for type: String) -> [NativeAssessment] {
        assessments.filter { $0.types.contains(type) }
    }

    /// The status a resource gets: healthier in well-kept subscriptions.
    static func status(_ assessment: NativeAssessment, hygiene: Double, rng: inout SplitMix64) -> String {
        if rng.chance(0.03) { return "NotApplicable" }
        return rng.chance(min(0.98, assessment.healthyShare * (0.55 + hygiene / 2))) ? "Healthy" : "Unhealthy"
    }

    func finding(_ assessment: NativeAssessment, resourceId: String, status: String, rng: inout SplitMix64) -> JSONValue
    {
        let first = baseInstant.addingTimeInterval(-Double(20 + rng.below(300)) * 86_400)
        let changed = baseInstant.addingTimeInterval(-Double(1 + rng.below(20)) * 86_400)
        var statusMembers: [(String, JSONValue?)] = [("code", .string(status))]
        if status == "NotApplicable" {
            statusMembers.append(("cause", "OffByPolicy"))
            statusMembers.append(("description", "The resource is not in scope of this assessment"))
        }
        statusMembers.append(("firstEvaluationDate", .string(ISO8601.format(first))))
        statusMembers.append(("statusChangeDate", .string(ISO8601.format(changed))))
        return Self.json(
            key: assessment.key, displayName: assessment.displayName, resourceId: resourceId,
            status: .object(statusMembers))
    }

    static func json(key: String, displayName: String, resourceId: String, status: JSONValue) -> JSONValue {
        .object([
            ("id", .string(Finding.assessmentId(key: key, on: ResourceID(resourceId)).rawValue)),
            ("name", .string(key)),
            ("type", .string(Finding.resourceType)),
            (
                "properties",
                .object([
                    ("resourceDetails", .object([("source", "Azure"), ("id", .string(resourceId))])),
                    ("displayName", .string(displayName)),
                    ("status", status),
                ])
            ),
        ])
    }
}
