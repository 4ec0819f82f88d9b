import JSONCore
import PolicyModel

/// A policy definition ready to evaluate: a typed condition tree with parameters substituted and
/// aliases resolved, the effect decided, and what it can apply to worked out once.
///
/// Immutable and `Sendable`: one value serves every resource and every thread of a cycle.
public struct CompiledPolicy: Sendable {
    /// The compiled parts, shared: copying a `CompiledPolicy` costs one reference count.
    final class Storage: Sendable {
        let effect: Effect
        let mode: PolicyMode
        let details: EffectDetails?
        let displayName: String?
        let applicableTypes: Set<String>?
        let unknownAliases: [String]
        let condition: Condition
        let applicability: Condition
        let readsLocation: Bool

        init(
            effect: Effect, mode: PolicyMode, condition: Condition, details: EffectDetails?, displayName: String?,
            unknownAliases: [String]
        ) {
            self.effect = effect
            self.mode = mode
            self.condition = condition
            self.details = details
            self.displayName = displayName
            self.unknownAliases = unknownAliases
            self.applicableTypes = condition.typeSet()
            self.applicability = condition.applicabilityCondition()
            self.readsLocation = condition.readsLocation
        }
    }

    let storage: Storage

    init(
        effect: Effect, mode: PolicyMode, condition: Condition, details: EffectDetails?, displayName: String?,
        unknownAliases: [String] = []
    ) {
        storage = Storage(
            effect: effect, mode: mode, condition: condition, details: details, displayName: displayName,
            unknownAliases: unknownAliases)
    }

    /// The effect after parameters were substituted.
    public var effect: Effect { storage.effect }
    /// Which resources the mode lets the policy see.
    public var mode: PolicyMode { storage.mode }
    /// The related-resource details (AuditIfNotExists/DeployIfNotExists) or Manual's default state.
    public var details: EffectDetails? { storage.details }
    /// The definition's display name, when it has one.
    public var displayName: String? { storage.displayName }
    /// The lower-cased resource types the policy can apply to (from `field: type` equals/in
    /// conditions the whole `if` depends on), or nil when any type may apply.
    public var applicableTypes: Set<String>? { storage.applicableTypes }
    /// Aliases the table lacked, when compiled with `.treatAsNotApplicable`; such a policy applies to nothing.
    public var unknownAliases: [String] { storage.unknownAliases }
    /// The `if` condition.
    var condition: Condition { storage.condition }
    /// The `if` reduced to what decides applicability for non-IfNotExists effects: type, name and
    /// kind conditions, the others taken as true (false when negated).
    var applicability: Condition { storage.applicability }
    /// Whether a condition reads `location` (such policies do not apply to subscriptions).
    var readsLocation: Bool { storage.readsLocation }

    /// Whether a resource of type `typeKey` (lower-cased) can be applicable at all; a cheap
    /// filter to run before ``evaluate(_:related:environment:reasons:)``.
    public func mayApply(toType typeKey: String) -> Bool {
        storage.applicableTypes?.contains(typeKey) ?? true
    }
}
