import Foundation
import JSONCore
import PolicyModel

/// A generated tenant directory as files in memory: `resourcecontainers.json`,
/// `resources.json`, definitions, the assignment, exemptions, aliases, Defender metadata,
/// findings and, with `days`, `scenario.json`. Writing them out is the caller's business.
package struct GeneratedTenant: Sendable {
    /// The files, by path relative to the tenant directory, in a stable order.
    package var files: [PolicyBaseline.File]
    /// Headline counts, for the command's summary line.
    package var counts: [(name: String, count: Int)]

    /// Generates a tenant. Without a baseline the tenant gets its own initiative (`PolicyBaseline.own`).
    package static func generate(_ options: GeneratorOptions, baseline: PolicyBaseline? = nil) -> GeneratedTenant {
        let hierarchy = TenantHierarchy(options: options)
        let policy = baseline ?? .own(rootGroupId: hierarchy.rootGroupId)
        let inventory = Inventory(hierarchy: hierarchy, options: options)
        let writer = JSONWriter(pretty: true)
        func document(_ value: JSONValue) -> [UInt8] {
            var bytes: [UInt8] = []
            writer.write(value, into: &bytes)
            bytes.append(0x0A)
            return bytes
        }

        var containers = ResourceGraphDocument()
        for row in hierarchy.containerRows() { containers.append(row) }

        let assignmentId =
            "\(hierarchy.rootGroupId)/providers/Microsoft.Authorization/policyAssignments/SecurityCenterBuiltIn"
        let assignment: JSONValue = .object([
            ("id", .string(assignmentId)), ("name", "SecurityCenterBuiltIn"),
            ("type", "Microsoft.Authorization/policyAssignments"),
            (
                "properties",
                .object([
                    ("displayName", .string("ASC Default (management group: Tenant Root Group)")),
                    ("policyDefinitionId", .string(policy.initiativeId)), ("scope", .string(hierarchy.rootGroupId)),
                    ("notScopes", []), ("parameters", [:]), ("enforcementMode", "Default"),
                    ("metadata", .object([("assignedBy", "Security Center")])),
                ])
            ),
        ])
        let defender = RecommendationSynthesizer(baseline: policy).synthesize()
        let references = policy.members.map {
            (id: $0.referenceId, types: PolicyBaseline.resourceTypes(of: $0.definition))
        }
        let exemptions = ExemptionFactory(
            assignmentId: assignmentId, references: references, baseInstant: options.baseInstant)
        let keys = Set(defender.keys)
        let findingFactory = FindingFactory(
            assessments: NativeAssessment.all.filter { keys.contains($0.key) },
            baseInstant: options.baseInstant)

        var exemptionRows: [JSONValue] = []
        var findingRows: [JSONValue] = []
        var rng = SplitMix64(seed: options.seed, stream: 3)
        let exemptionCount = max(4, options.resources / 250)
        let candidates = inventory.units.filter { $0.workload != nil }
        for i in 0..<exemptionCount where !candidates.isEmpty {
            let unit = rng.pick(candidates)
            let subscription = hierarchy.subscriptions[unit.subscription]
            switch rng.below(10) {
            case 0:
                exemptionRows.append(
                    exemptions.exemption(
                        scope: "/subscriptions/\(subscription.subscriptionId)", type: nil, rng: &rng, index: i))
            case 1..<4:
                let group = subscription.resourceGroups[unit.resourceGroup].name
                exemptionRows.append(
                    exemptions.exemption(
                        scope: "/subscriptions/\(subscription.subscriptionId)/resourceGroups/\(group)", type: nil,
                        rng: &rng, index: i))
            default:
                exemptionRows.append(exemptions.exemption(scope: unit.ids[0], type: unit.types[0], rng: &rng, index: i))
            }
        }
        for subscription in hierarchy.subscriptions {
            for assessment in findingFactory.assessments(for: "microsoft.resources/subscriptions") {
                let status = FindingFactory.status(assessment, hygiene: subscription.hygiene, rng: &rng)
                findingRows.append(
                    findingFactory.finding(
                        assessment, resourceId: "/subscriptions/\(subscription.subscriptionId)",
                        status: status, rng: &rng))
            }
        }
        for unit in inventory.units {
            let hygiene = hierarchy.subscriptions[unit.subscription].hygiene
            for (id, type) in zip(unit.ids, unit.types) {
                for assessment in findingFactory.assessments(for: type) {
                    let status = FindingFactory.status(assessment, hygiene: hygiene, rng: &rng)
                    findingRows.append(findingFactory.finding(assessment, resourceId: id, status: status, rng: &rng))
                }
            }
        }

        var files = policy.files
        files.append(.init(path: "resourcecontainers.json", bytes: containers.bytes()))
        files.append(.init(path: "resources.json", bytes: inventory.document.bytes()))
        files.append(.init(path: "assignments/security-center-builtin.json", bytes: document(assignment)))
        files.append(
            .init(path: "exemptions/exemptions.json", bytes: document(.object([("value", .array(exemptionRows))]))))
        files.append(.init(path: "recommendations.json", bytes: document(.array(defender.recommendations))))
        files.append(.init(path: "controls.json", bytes: document(.array(defender.controls))))
        files.append(.init(path: "findings.json", bytes: document(.array(findingRows))))
        if options.days > 0 {
            var scenario = ScenarioGenerator(
                options: options, inventory: inventory, exemptions: exemptions, findings: findingFactory)
            files.append(.init(path: "scenario.json", bytes: scenario.generate()))
        }
        files.sort { $0.path < $1.path }
        let counts: [(String, Int)] = [
            ("resources", inventory.document.count), ("subscriptions", hierarchy.subscriptions.count),
            ("resource groups", hierarchy.subscriptions.reduce(0) { $0 + $1.resourceGroups.count }),
            ("definitions", policy.definitions.count), ("exemptions", exemptionRows.count),
            ("recommendations", defender.recommendations.count), ("findings", findingRows.count),
        ]
        return GeneratedTenant(files: files, counts: counts)
    }
}
