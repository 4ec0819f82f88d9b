/// An assigned policy that a cycle did not evaluate, and why: its states are missing from the
/// cycle's results, so the cycle is partial for it.
public struct UnevaluatedPolicy: Sendable, Hashable {
    /// Why a policy was not evaluated.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// A resource-provider mode (`Microsoft.Kubernetes.Data`, `Microsoft.KeyVault.Data`, …):
        /// not modelled by design, an expected skip.
        case resourceProviderMode
        /// The rule names an alias the tenant's alias table lacks.
        case unknownAlias
        /// The definition could not be compiled for another reason.
        case compileError
    }

    public var assignmentId: String
    public var definitionId: String
    /// The reference id inside the assigned initiative; nil for a single-policy assignment.
    public var referenceId: String?
    public var reason: Reason
    /// The mode, for a resource-provider mode; otherwise the compile error's message.
    public var detail: String

    public init(assignmentId: String, definitionId: String, referenceId: String?, reason: Reason, detail: String) {
        self.assignmentId = assignmentId
        self.definitionId = definitionId
        self.referenceId = referenceId
        self.reason = reason
        self.detail = detail
    }

    /// One line for people: `22 of 223 assigned policies not evaluated: 19 in resource-provider
    /// modes (16 Microsoft.Kubernetes.Data, 3 Microsoft.KeyVault.Data), 3 name an alias the table
    /// lacks`; nil when every assigned policy was evaluated.
    public static func summary(_ skipped: [UnevaluatedPolicy], assigned: Int) -> String? {
        guard !skipped.isEmpty else { return nil }
        var parts: [String] = []
        let modes = skipped.filter { $0.reason == .resourceProviderMode }
        if !modes.isEmpty {
            var counts: [String: Int] = [:]
            for policy in modes { counts[policy.detail, default: 0] += 1 }
            let listed = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }
            parts.append("\(modes.count) in resource-provider modes, not modelled (\(listed.joined(separator: ", ")))")
        }
        let aliases = skipped.filter { $0.reason == .unknownAlias }.count
        if aliases > 0 { parts.append("\(aliases) name an alias the alias table lacks") }
        let errors = skipped.filter { $0.reason == .compileError }.count
        if errors > 0 { parts.append("\(errors) cannot be compiled") }
        return "\(skipped.count) of \(assigned) assigned \(assigned == 1 ? "policy" : "policies") not evaluated: "
            + parts.joined(separator: "; ")
    }
}
