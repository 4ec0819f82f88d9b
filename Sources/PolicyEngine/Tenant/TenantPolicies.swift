import JSONCore
public import PolicyModel

/// Every policy a tenant assigns, compiled once: one entry per (assignment, member policy),
/// with the assignment's and the initiative's parameters resolved and its `overrides` applied.
public struct TenantPolicies: Sendable {
    /// One assigned policy. A class: a cycle reads an entry for every (resource, policy) pair,
    /// and a reference costs one count where a copy of the assignment cost one per field.
    public final class Entry: Sendable {
        public let assignment: PolicyAssignment
        public let definitionId: ResourceID
        /// The reference id inside the initiative; nil for a single-policy assignment.
        public let referenceId: String?
        public let setId: ResourceID?
        public let groupNames: [String]
        public let policy: CompiledPolicy
        /// `policyDefinitionAction`: the effect, lower-cased as Azure reports it.
        public let action: String

        init(
            assignment: PolicyAssignment, definitionId: ResourceID, referenceId: String?, setId: ResourceID?,
            groupNames: [String], policy: CompiledPolicy, action: String
        ) {
            self.assignment = assignment
            self.definitionId = definitionId
            self.referenceId = referenceId
            self.setId = setId
            self.groupNames = groupNames
            self.policy = policy
            self.action = action
        }
    }

    /// A policy that could not be compiled, and why.
    public struct Failure: Sendable, Equatable {
        public let assignmentId: ResourceID
        public let definitionId: ResourceID
        public let referenceId: String?
        public let error: PolicyCompileError
    }

    public let entries: [Entry]
    /// Policies in resource-provider modes (`Microsoft.KeyVault.Data`, …): counted, not evaluated.
    public let unsupported: [Failure]
    /// Policies that failed to compile for another reason (an alias the table lacks, a bad rule).
    public let failures: [Failure]
    /// Every assigned policy not evaluated (`unsupported` and `failures`), with why, in assignment order.
    public let unevaluated: [UnevaluatedPolicy]

    /// How many (assignment, policy) pairs the tenant assigns: compiled or not.
    public var assignedCount: Int { entries.count + unsupported.count + failures.count }

    /// Compiles every assignment of the tenant against its alias table.
    public init(tenant: Tenant) {
        let compiler = PolicyCompiler(aliases: tenant.aliases)
        var entries: [Entry] = []
        var unsupported: [Failure] = []
        var failures: [Failure] = []
        var unevaluated: [UnevaluatedPolicy] = []
        func skip(_ failure: Failure, mode: String) {
            let reason: UnevaluatedPolicy.Reason =
                switch failure.error.code {
                case .unsupportedMode: .resourceProviderMode
                case .unknownAlias: .unknownAlias
                default: .compileError
                }
            unevaluated.append(
                UnevaluatedPolicy(
                    assignmentId: failure.assignmentId.rawValue, definitionId: failure.definitionId.rawValue,
                    referenceId: failure.referenceId, reason: reason,
                    detail: reason == .resourceProviderMode ? mode : failure.error.description))
        }
        func add(
            _ assignment: PolicyAssignment, _ definition: PolicyDefinition, _ parameters: [String: JSONValue],
            reference: PolicySetDefinition.Reference?, set: PolicySetDefinition?
        ) {
            let context = PolicyContext(
                assignmentId: assignment.id.rawValue, definitionId: definition.id.rawValue,
                setDefinitionId: set?.id.rawValue ?? "", definitionReferenceId: reference?.referenceId ?? "")
            do {
                let policy = try compiler.compile(
                    definition.json, parameters: parameters, context: context,
                    effectOverride: assignment.effectOverride(for: reference?.referenceId))
                entries.append(
                    Entry(
                        assignment: assignment, definitionId: definition.id, referenceId: reference?.referenceId,
                        setId: set?.id,
                        groupNames: reference?.groupNames ?? [], policy: policy,
                        action: policy.effect.rawValue.lowercased()))
            } catch {
                let failure = Failure(
                    assignmentId: assignment.id, definitionId: definition.id, referenceId: reference?.referenceId,
                    error: error)
                if error.code == .unsupportedMode { unsupported.append(failure) } else { failures.append(failure) }
                skip(failure, mode: definition.mode)
            }
        }
        for assignment in tenant.assignments.sorted(by: { $0.id < $1.id }) {
            if let definition = tenant.policyDefinition(assignment.policyDefinitionId) {
                add(assignment, definition, assignment.parameters, reference: nil, set: nil)
                continue
            }
            guard let set = tenant.policySetDefinition(assignment.policyDefinitionId) else { continue }
            // The set's values are the same for each of its policies: merged once (MCSB declares hundreds).
            let setParameters = Result { () throws(PolicyCompileError) in
                try SetParameterResolver.setParameters(
                    declarations: set.json["properties"]?["parameters"]?.objectValue, values: assignment.parameters)
            }
            for reference in set.policyDefinitions {
                guard let definition = tenant.policyDefinition(reference.policyDefinitionId) else { continue }
                do {
                    let values = try SetParameterResolver.resolve(
                        reference: JSONObject(
                            reference.parameters.map { JSONObject.Member(key: $0.key, value: ["value": $0.value]) }),
                        setParameters: setParameters.get())
                    add(assignment, definition, values, reference: reference, set: set)
                } catch {
                    let failure = Failure(
                        assignmentId: assignment.id, definitionId: definition.id, referenceId: reference.referenceId,
                        error: error)
                    failures.append(failure)
                    skip(failure, mode: definition.mode)
                }
            }
        }
        self.entries = entries
        self.unsupported = unsupported
        self.failures = failures
        self.unevaluated = unevaluated
    }
}
