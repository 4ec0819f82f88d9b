import Foundation
import JSONCore
import PolicyModel

/// Policy exemptions of both categories on resources, resource groups and subscriptions:
/// some permanent, some far off, some expiring within a month, some already expired.
struct ExemptionFactory {
    let assignmentId: String
    /// Reference ids of the assigned initiative, with the resource types each one's `if` names.
    let references: [(id: String, types: Set<String>)]
    let baseInstant: Date

    static let reasons = [
        "Legacy workload scheduled for decommissioning", "Compensating control: traffic restricted by Azure Firewall",
        "Vendor appliance does not support the setting", "Risk accepted by the CISO until migration completes",
        "Handled by a third-party scanner", "Private connectivity through ExpressRoute only",
    ]

    /// One exemption on `scope`, whose resource type (lower-cased; nil for containers) narrows the references picked.
    func exemption(scope: String, type: String?, rng: inout SplitMix64, index: Int) -> JSONValue {
        let mitigated = rng.chance(0.35)
        var referenceIds: [String] = []
        if let type {
            let matching = references.filter { $0.types.contains(type) }.map(\.id)
            if !matching.isEmpty {
                referenceIds.append(rng.pick(matching))
                if matching.count > 1, rng.chance(0.3) {
                    let second = rng.pick(matching)
                    if second != referenceIds[0] { referenceIds.append(second) }
                }
            }
        } else if rng.chance(0.5), !references.isEmpty {
            for _ in 0..<(1 + rng.below(3)) {
                let id = rng.pick(references).id
                if !referenceIds.contains(id) { referenceIds.append(id) }
            }
        }
        let expiresOn: Date?
        switch rng.below(20) {
        case 0..<6: expiresOn = nil
        case 6..<9: expiresOn = baseInstant.addingTimeInterval(-Double(1 + rng.below(180)) * 86_400)
        case 9..<13: expiresOn = baseInstant.addingTimeInterval(Double(1 + rng.below(30)) * 86_400)
        default: expiresOn = baseInstant.addingTimeInterval(Double(31 + rng.below(335)) * 86_400)
        }
        let name = "exempt-\(StableID.hex(StableID.hash("exemption/\(index)/\(scope)"), 16))"
        let reason = rng.pick(Self.reasons)
        let fromDefender = rng.chance(0.2)
        let created = baseInstant.addingTimeInterval(-Double(30 + rng.below(400)) * 86_400)
        return .object([
            ("id", .string("\(scope)/providers/Microsoft.Authorization/policyExemptions/\(name)")),
            ("name", .string(name)),
            ("type", "Microsoft.Authorization/policyExemptions"),
            (
                "systemData",
                .object([
                    ("createdBy", .string(fromDefender ? "Microsoft Defender for Cloud" : "secops@contoso.com")),
                    ("createdByType", .string(fromDefender ? "Application" : "User")),
                    ("createdAt", .string(ISO8601.format(created))),
                ])
            ),
            (
                "properties",
                .object([
                    ("policyAssignmentId", .string(assignmentId)),
                    ("policyDefinitionReferenceIds", .strings(referenceIds)),
                    ("exemptionCategory", .string(mitigated ? "Mitigated" : "Waiver")),
                    ("displayName", .string("\(mitigated ? "Mitigated" : "Waiver"): \(reason)")),
                    ("description", .string("\(reason). Ticket SEC-\(1000 + index).")),
                    ("expiresOn", expiresOn.map { .string(ISO8601.format($0)) }),
                    (
                        "metadata",
                        .object([
                            ("requestedBy", .string(rng.pick(TenantHierarchy.owners))),
                            ("ticket", .string("SEC-\(1000 + index)")),
                            ("source", .string(fromDefender ? "Defender for Cloud" : "Azure Policy")),
                        ])
                    ),
                    ("assignmentScopeValidation", "Default"),
                ])
            ),
        ])
    }
}
