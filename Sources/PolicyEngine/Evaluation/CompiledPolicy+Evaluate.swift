import Foundation
import JSONCore
public import PolicyModel

extension CompiledPolicy {
    /// Evaluates the policy against one resource, with no related resources (every
    /// AuditIfNotExists/DeployIfNotExists policy whose `if` holds is then NonCompliant).
    public func evaluate(
        _ resource: Resource, environment: EvaluationEnvironment = EvaluationEnvironment(),
        reasons: ReasonDetail = .whenNotCompliant
    ) -> EvaluationResult {
        evaluate(resource, related: NoRelatedResources(), environment: environment, reasons: reasons)
    }

    /// Evaluates the policy against one resource.
    ///
    /// - Parameters:
    ///   - related: where AuditIfNotExists/DeployIfNotExists find related resources.
    ///   - environment: the time and tenant facts functions such as `utcNow()` read.
    ///   - reasons: which results get reasons in words (building them costs more than evaluating).
    public func evaluate(
        _ resource: Resource, related: some RelatedResources,
        environment: EvaluationEnvironment = EvaluationEnvironment(),
        reasons reasonDetail: ReasonDetail = .whenNotCompliant
    ) -> EvaluationResult {
        let explain = reasonDetail == .always
        if effect == .disabled { return .notApplicable(effect, reason: "the effect is Disabled") }
        if effect.actsOnRequestsOnly {
            return .notApplicable(effect, reason: "\(effect.rawValue) acts on requests, not on existing resources")
        }
        if let alias = unknownAliases.first {
            return .notApplicable(
                effect,
                reason: "alias '\(alias)' is not in the alias table; Azure treats such a policy as not applicable")
        }
        if let reason = exclusionReason(resource) { return .notApplicable(effect, reason: reason) }
        guard mayApply(toType: resource.typeKey) else {
            return .notApplicable(effect, reason: "type '\(resource.type)' is not one the rule applies to")
        }
        let resource = resource.expanded  // a compact row parsed once for every field the rule reads
        var context = EvaluationContext(subject: resource, evaluated: resource, environment: environment)
        if effect == .denyAction { return evaluateDenyAction(resource, context: &context) }
        if effect.isIfNotExists {
            do {
                guard try condition.evaluate(&context) else {
                    return .notApplicable(
                        effect, reason: "the 'if' condition does not hold, so the rule does not apply")
                }
            } catch {
                return EvaluationResult(
                    applicable: true, complianceState: .error, effect: effect, reasons: [error.message])
            }
            return evaluateExistence(resource, related: related, environment: environment, detail: reasonDetail)
        }
        do {
            guard try applicability.evaluate(&context) else {
                return .notApplicable(
                    effect, reason: "the rule's type, name and kind conditions do not match this resource")
            }
        } catch {
            return EvaluationResult(applicable: true, complianceState: .error, effect: effect, reasons: [error.message])
        }
        if effect == .manual {
            return EvaluationResult(
                applicable: true, complianceState: details?.defaultState ?? .unknown, effect: effect,
                reasons: ["manual effect: the state is the definition's defaultState until someone attests otherwise"])
        }
        context.work = WorkBudget(environment.workBudget)
        do {
            let holds = try condition.evaluate(&context)
            let wanted = explain || (holds && reasonDetail == .whenNotCompliant)
            let reasons = wanted ? explanation(resource, environment: environment) : []
            return EvaluationResult(
                applicable: true, complianceState: holds ? .nonCompliant : .compliant, effect: effect, reasons: reasons)
        } catch {
            return EvaluationResult(applicable: true, complianceState: .error, effect: effect, reasons: [error.message])
        }
    }

    /// DenyAction ("Azure Policy definitions denyAction effect", "Azure Policy compliance states"):
    /// a resource whose whole `if` holds is one whose deletion the assignment blocks, reported
    /// `Protected`; the others are not covered (no state). Subscriptions are exempt from
    /// denyAction enforcement, so never Protected.
    private func evaluateDenyAction(_ resource: Resource, context: inout EvaluationContext) -> EvaluationResult {
        if resource.typeKey == "microsoft.resources/subscriptions" {
            return .notApplicable(effect, reason: "subscriptions are exempt from denyAction enforcement")
        }
        do {
            guard try condition.evaluate(&context) else {
                return .notApplicable(effect, reason: "the 'if' condition does not hold: the resource is not protected")
            }
        } catch {
            return EvaluationResult(applicable: true, complianceState: .error, effect: effect, reasons: [error.message])
        }
        return EvaluationResult(
            applicable: true, complianceState: .protected, effect: effect,
            reasons: ["denyAction blocks the actions its details name (delete) on this resource"])
    }

    /// Why the mode or the Microsoft.Resources rule keeps the resource out, or nil.
    func exclusionReason(_ resource: Resource) -> String? {
        let type = resource.typeKey
        let isSubscription = type == "microsoft.resources/subscriptions"
        let isGroup =
            type == "microsoft.resources/subscriptions/resourcegroups" || type == "microsoft.resources/resourcegroups"
        if type.hasPrefix("microsoft.resources/"), !isSubscription, !isGroup {
            return
                "resources of the Microsoft.Resources provider are not evaluated (except subscriptions and resource groups)"
        }
        if isSubscription, readsLocation { return "a rule with a location condition does not apply to subscriptions" }
        guard mode == .indexed else { return nil }
        if isSubscription || isGroup { return "Indexed mode does not evaluate subscriptions and resource groups" }
        if let location = resource.location, !location.isEmpty { return nil }
        let isTopLevel = type.utf8.filter { $0 == UInt8(ascii: "/") }.count == 1 && !Self.isExtension(resource.id)
        return isTopLevel ? nil : "Indexed mode evaluates only resource types that support tags and location"
    }

    private static func isExtension(_ id: ResourceID) -> Bool {
        var count = 0
        var rest = id.key[...]
        while let range = rest.range(of: "/providers/") {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count > 1
    }

    private func evaluateExistence(
        _ resource: Resource, related: some RelatedResources, environment: EvaluationEnvironment, detail: ReasonDetail
    ) -> EvaluationResult {
        let explain = detail == .always
        guard let details, let type = details.relatedType else {
            return EvaluationResult(
                applicable: true, complianceState: .error, effect: effect, reasons: ["the rule has no details.type"])
        }
        var context = EvaluationContext(subject: resource, evaluated: resource, environment: environment)
        let name: String?
        let group: String?
        do {
            name = try details.name.map { (e) throws(EvaluationError) in
                try Self.text(e.evaluate(&context), "details.name")
            }
            group = try details.resourceGroupName.map { (e) throws(EvaluationError) in
                try Self.text(e.evaluate(&context), "details.resourceGroupName")
            }
        } catch {
            return EvaluationResult(applicable: true, complianceState: .error, effect: effect, reasons: [error.message])
        }
        let candidates = related.resources(
            ofType: type, near: resource, scope: details.existenceScope, resourceGroupName: group, name: name)
        let what = "\(type)" + (name.map { " named '\($0)'" } ?? "")
        guard let existence = details.existenceCondition else {
            if let first = candidates.first {
                return EvaluationResult(
                    applicable: true, complianceState: .compliant, effect: effect,
                    reasons: explain ? ["related \(what) exists: \(first.id)"] : [])
            }
            return EvaluationResult(
                applicable: true, complianceState: .nonCompliant, effect: effect, reasons: ["no related \(what) exists"]
            )
        }
        var failure: EvaluationError?
        for candidate in candidates {
            let candidate = candidate.expanded
            var relatedContext = EvaluationContext(subject: candidate, evaluated: resource, environment: environment)
            do {
                if try existence.evaluate(&relatedContext) {
                    return EvaluationResult(
                        applicable: true, complianceState: .compliant, effect: effect,
                        reasons: explain ? ["related \(candidate.id) satisfies the existence condition"] : [])
                }
            } catch {
                failure = error
            }
        }
        if let failure {
            return EvaluationResult(
                applicable: true, complianceState: .error, effect: effect,
                reasons: ["evaluating the existence condition on a related \(type) failed: \(failure.message)"])
        }
        var reasons = [
            candidates.isEmpty
                ? "no related \(what) exists"
                : "none of the \(candidates.count) related \(what) resources satisfies the existence condition"
        ]
        if detail == .whenNotCompliant || explain, let first = candidates.first {
            var relatedContext = EvaluationContext(
                subject: first.expanded, evaluated: resource, environment: environment)
            var detail: [String] = []
            _ = existence.explain(&relatedContext, into: &detail)
            reasons += detail.map { "\(first.name): \($0)" }
        }
        return EvaluationResult(applicable: true, complianceState: .nonCompliant, effect: effect, reasons: reasons)
    }

    private static func text(_ value: JSONValue, _ what: String) throws(EvaluationError) -> String {
        guard case .string(let s) = value else {
            throw EvaluationError("\(what) must be a string, got \(value.typeName)")
        }
        return s
    }

    /// The leaves that decided the `if`, in words.
    func explanation(_ resource: Resource, environment: EvaluationEnvironment) -> [String] {
        var context = EvaluationContext(subject: resource, evaluated: resource, environment: environment)
        var reasons: [String] = []
        _ = condition.explain(&context, into: &reasons)
        return reasons
    }
}
