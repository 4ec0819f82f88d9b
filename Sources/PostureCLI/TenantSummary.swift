import Foundation
import PolicyModel

/// What a tenant holds, for people: hierarchy, subscriptions, resource types,
/// policy, exemptions by category and expiry, Defender metadata.
struct TenantSummary {
    let tenant: Tenant
    let at: Date

    /// Exemptions expiring within this many days count as "expiring".
    static let expiringWindowDays = 30.0

    func render(source: String) -> String {
        var out: [String] = []
        out.append("Tenant \(source), as of \(ISO8601.format(at))")
        out.append(tenant.summaryCounts.filter { $0.count > 0 }.map(\.text).joined(separator: ", "))
        out.append("")
        out.append("Subscriptions")
        out.append(subscriptionTable().render(indent: "  "))
        out.append("")
        out.append("Resources by type")
        out.append(typeTable().render(indent: "  "))
        out.append("")
        out.append("Policy")
        out.append(contentsOf: policyLines().map { "  " + $0 })
        out.append("")
        out.append("Exemptions by category and expiry (expiring = within \(Int(Self.expiringWindowDays)) days)")
        out.append(exemptionCategoryTable().render(indent: "  "))
        out.append("")
        out.append(exemptionTable().render(indent: "  "))
        out.append("")
        out.append("Defender")
        out.append(contentsOf: defenderLines().map { "  " + $0 })
        return out.joined(separator: "\n")
    }

    private func subscriptionTable() -> TextTable {
        var table = TextTable(["subscription", "id", "management groups", "resource groups", "resources"])
        let groupsBySubscription = Dictionary(grouping: tenant.resourceGroups) { $0.subscriptionId?.lowercased() ?? "" }
        let resourcesBySubscription = Dictionary(grouping: tenant.resources) { $0.subscriptionId?.lowercased() ?? "" }
        let groupNames = Dictionary(tenant.managementGroups.map { ($0.name.lowercased(), $0.displayName ?? $0.name) }) { a, _ in a }
        for s in tenant.subscriptions.sorted(by: { $0.displayName < $1.displayName }) {
            let key = s.subscriptionId.lowercased()
            table.append([
                s.displayName, s.subscriptionId,
                tenant.managementGroupAncestors(ofSubscription: s.subscriptionId).reversed().map { groupNames[$0] ?? $0 }
                    .joined(separator: " > "),
                String(groupsBySubscription[key]?.count ?? 0), String(resourcesBySubscription[key]?.count ?? 0),
            ])
        }
        return table
    }

    private func typeTable() -> TextTable {
        var table = TextTable(["type", "count"])
        let counts = Dictionary(grouping: tenant.resources, by: \.typeKey).mapValues(\.count)
        for (type, count) in counts.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            table.append([type, String(count)])
        }
        return table
    }

    private func policyLines() -> [String] {
        var lines: [String] = []
        for assignment in tenant.assignments.sorted(by: { $0.id < $1.id }) {
            let target: String
            if let set = tenant.policySetDefinition(assignment.policyDefinitionId) {
                let kind = set.isRegulatoryStandard ? "regulatory standard" : "initiative"
                target = "\(kind) '\(set.displayName ?? set.name)' (\(set.policyDefinitions.count) policies, \(set.groups.count) groups)"
            } else {
                let d = tenant.policyDefinition(assignment.policyDefinitionId)
                target = "policy '\(d?.displayName ?? assignment.policyDefinitionId.name)'"
            }
            var line = "\(assignment.displayName ?? assignment.name): \(target) at \(assignment.scope.rawValue)"
            if assignment.enforcementMode == .doNotEnforce { line += ", not enforced" }
            if !assignment.notScopes.isEmpty { line += ", \(assignment.notScopes.count) excluded scope(s)" }
            lines.append(line)
        }
        return lines
    }

    /// `active`, `expiring` or `expired` at the summary's instant.
    private func status(_ exemption: PolicyExemption) -> String {
        guard let expiry = exemption.expiresOn else { return "active" }
        if expiry <= at { return "expired" }
        return expiry.timeIntervalSince(at) <= Self.expiringWindowDays * 86_400 ? "expiring" : "active"
    }

    private func exemptionCategoryTable() -> TextTable {
        var table = TextTable(["category", "active", "expiring", "expired", "total"])
        for category in [PolicyExemption.Category.waiver, .mitigated] {
            let statuses = tenant.exemptions.filter { $0.category == category }.map(status)
            table.append([
                category.rawValue, String(statuses.filter { $0 == "active" }.count),
                String(statuses.filter { $0 == "expiring" }.count), String(statuses.filter { $0 == "expired" }.count),
                String(statuses.count),
            ])
        }
        return table
    }

    private func exemptionTable() -> TextTable {
        var table = TextTable(["exemption", "category", "status", "expires", "scope", "policies"])
        for e in tenant.exemptions.sorted(by: { ($0.expiresOn ?? .distantFuture, $0.name) < ($1.expiresOn ?? .distantFuture, $1.name) }) {
            table.append([
                e.displayName ?? e.name, e.category.rawValue, status(e), e.expiresOn.map(ISO8601.format) ?? "never",
                e.scope.rawValue,
                e.policyDefinitionReferenceIds.isEmpty ? "all" : e.policyDefinitionReferenceIds.joined(separator: ", "),
            ])
        }
        return table
    }

    private func defenderLines() -> [String] {
        let builtIn = tenant.recommendations.filter { $0.assessmentType == .builtIn }.count
        let custom = tenant.recommendations.filter { $0.assessmentType == .customPolicy }.count
        let maxPoints = tenant.controls.reduce(0) { $0 + $1.maxScore }
        let unhealthy = tenant.findings.filter { $0.status == .unhealthy }.count
        return [
            "\(tenant.recommendations.count) recommendations (\(builtIn) built-in, \(custom) from custom policies)",
            "\(tenant.controls.count) secure score controls worth \(Int(maxPoints)) points in all",
            "\(tenant.findings.count) findings Defender evaluated itself, \(unhealthy) unhealthy",
        ]
    }
}
