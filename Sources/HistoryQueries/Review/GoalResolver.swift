import Defender
import PolicyModel

/// A goal with its scope resolved against the tenant: which assessments its figure reads.
package struct ResolvedGoal: Sendable, Equatable {
    /// The assessments a goal covers.
    package enum Coverage: Sendable, Equatable {
        /// Those of these subscriptions (lower-cased ids): the tenant, a subscription, a management group.
        case subscriptions(Set<String>)
        /// Those the team owns.
        case team(String)
        /// Those of the recommendations scored in this control (its key).
        case control(String)
    }

    package var goal: Goal
    package var coverage: Coverage
    /// The scope as a person reads it: `subscription Contoso Prod`, `team Database Team`.
    package var scopeLabel: String
}

/// Resolves goals' scopes against a tenant version: subscriptions by id or display name,
/// management groups by id or name, teams of owners.json, controls by key or display name.
package struct GoalResolver: Sendable {
    package var tenant: Tenant
    package var catalog: RecommendationCatalog

    package init(model: ScoreModel) {
        tenant = model.tenant
        catalog = model.catalog
    }

    /// Every goal resolved, or a `GoalsError` naming each scope that names nothing in the tenant.
    package func resolve(_ goals: [Goal], file: String) throws(GoalsError) -> [ResolvedGoal] {
        var problems: [GoalsError.Problem] = []
        var resolved: [ResolvedGoal] = []
        for goal in goals {
            switch resolve(goal) {
            case .success(let r): resolved.append(r)
            case .failure(let problem): problems.append(problem)
            }
        }
        guard problems.isEmpty else { throw GoalsError(file: file, problems: problems) }
        return resolved
    }

    private func resolve(_ goal: Goal) -> Result<ResolvedGoal, GoalsError.Problem> {
        let path = goal.path + ".scope"
        switch goal.scope {
        case .tenant:
            return .success(
                .init(
                    goal: goal,
                    coverage: .subscriptions(Set(tenant.subscriptions.map { $0.subscriptionId.lowercased() })),
                    scopeLabel: "tenant"))
        case .team(let name):
            let teams = tenant.ownership.teams.map(\.name) + [ScoreCalculator.unowned]
            guard let team = teams.first(where: { $0.lowercased() == name.lowercased() }) else {
                let known =
                    tenant.ownership.teams.isEmpty
                    ? "owners.json names no team" : "owners.json names \(teams.joined(separator: ", "))"
                return .failure(.init(path: path + ".team", message: "unknown team '\(name)' (\(known))"))
            }
            return .success(.init(goal: goal, coverage: .team(team), scopeLabel: "team \(team)"))
        case .control(let name):
            let control =
                catalog.controls[name]
                ?? catalog.controls.values.first {
                    $0.key.lowercased() == name.lowercased() || $0.displayName.lowercased() == name.lowercased()
                }
            guard let control else {
                return .failure(
                    .init(
                        path: path + ".control",
                        message: "unknown secure score control '\(name)' (use a key of controls.json)"))
            }
            return .success(
                .init(goal: goal, coverage: .control(control.key), scopeLabel: "control \(control.displayName)"))
        case .named(let text):
            return named(text, goal: goal, path: path)
        }
    }

    private func named(_ text: String, goal: Goal, path: String) -> Result<ResolvedGoal, GoalsError.Problem> {
        let lowered = text.lowercased()
        let id = lowered.hasPrefix("/subscriptions/") ? String(lowered.dropFirst("/subscriptions/".count)) : lowered
        if let sub = tenant.subscriptions.first(where: { $0.subscriptionId.lowercased() == id }) {
            return .success(
                .init(goal: goal, coverage: .subscriptions([id]), scopeLabel: "subscription \(sub.displayName)"))
        }
        let prefix = "/providers/microsoft.management/managementgroups/"
        let groupName = lowered.hasPrefix(prefix) ? String(lowered.dropFirst(prefix.count)) : lowered
        if let group = tenant.managementGroups.first(where: { $0.name.lowercased() == groupName }) {
            let subs = tenant.subscriptions.filter {
                tenant.managementGroupAncestors(ofSubscription: $0.subscriptionId).contains(groupName)
            }
            return .success(
                .init(
                    goal: goal, coverage: .subscriptions(Set(subs.map { $0.subscriptionId.lowercased() })),
                    scopeLabel: "management group \(group.displayName ?? group.name)"))
        }
        let byName = tenant.subscriptions.filter { $0.displayName.lowercased() == lowered }
        if byName.count == 1 {
            return .success(
                .init(
                    goal: goal, coverage: .subscriptions([byName[0].subscriptionId.lowercased()]),
                    scopeLabel: "subscription \(byName[0].displayName)"))
        }
        if byName.count > 1 {
            return .failure(
                .init(
                    path: path,
                    message: "'\(text)' is the display name of \(byName.count) subscriptions: use the subscription id"))
        }
        return .failure(
            .init(
                path: path,
                message:
                    "'\(text)' is no subscription (id or display name) or management group of the tenant, "
                    + "nor tenant, {team: NAME} or {control: KEY}"
            ))
    }
}
