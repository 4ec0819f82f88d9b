import Foundation
import History
import HistoryQueries
import HistoryTestSupport
import PolicyModel
import TestSupport
import Testing

@Suite struct GoalFileTests {
    @Test func everyScopeAndTargetFormReads() throws {
        let goals = try GoalFile.parse(
            """
            goals:
              - name: prod-90
                scope: /subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71
                secureScore: 90%
                by: 2026-12-31
                owner: Platform
              - name: no-high
                scope: {team: Identity Team}
                unhealthy: {severity: high, atMost: 0}
                by: 2027-01-31
              - name: control
                scope:
                  control: enableMFA
                secureScore: 87.5 %
                by: 2027-02-28
              - name: all
                scope: tenant
                secureScore: 0%
                by: 2028-02-29
            """, file: "goals.yaml")
        #expect(goals.map(\.name) == ["prod-90", "no-high", "control", "all"])
        #expect(goals[0].scope == .named("/subscriptions/6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"))
        #expect(goals[0].target == .secureScore(0.9))
        #expect(goals[0].owner == "Platform")
        #expect(goals[0].deadline == ISO8601.parse("2027-01-01T00:00:00Z"))
        #expect(goals[1].scope == .team("Identity Team"))
        #expect(goals[1].target == .unhealthy(severity: "High", atMost: 0))
        #expect(goals[2].scope == .control("enableMFA"))
        #expect(goals[2].target == .secureScore(0.875))
        #expect(goals[3].scope == .tenant)
        #expect(goals[3].by.description == "2028-02-29")
    }

    /// Every problem at once, each with the file and the path inside it.
    @Test func problemsAreReportedWithFileAndPath() {
        let text = """
            goals:
              - name: a
                scope: tenant
                secureScore: 120%
                by: 2026-02-30
                colour: blue
              - name: a
                scope: {region: westeurope}
                unhealthy: {severity: Critical, atMost: -1}
                by: tomorrow
              - name: c
                secureScore: ninety
                unhealthy: {severity: High, atMost: 0}
                by: 2026-12-31
            extra: 1
            """
        #expect(throws: GoalsError.self) { try GoalFile.parse(text, file: "t/goals.yaml") }
        do {
            _ = try GoalFile.parse(text, file: "t/goals.yaml")
        } catch {
            let lines = error.lines
            #expect(lines.contains("t/goals.yaml:extra: unknown key (the file holds only 'goals')"))
            #expect(lines.contains { $0.hasPrefix("t/goals.yaml:goals[0].secureScore: '120%' is not a percentage") })
            #expect(lines.contains { $0.hasPrefix("t/goals.yaml:goals[0].by: '2026-02-30' is not a date") })
            #expect(lines.contains { $0.hasPrefix("t/goals.yaml:goals[0].colour: unknown key") })
            #expect(lines.contains("t/goals.yaml:goals[1].name: 'a' names two goals"))
            #expect(lines.contains { $0.hasPrefix("t/goals.yaml:goals[1].scope: is not a scope") })
            #expect(
                lines.contains {
                    $0.hasPrefix("t/goals.yaml:goals[1].unhealthy.severity: 'Critical' is not a severity")
                })
            #expect(lines.contains { $0.hasPrefix("t/goals.yaml:goals[1].unhealthy.atMost: '-1' is not a count") })
            #expect(lines.contains { $0.hasPrefix("t/goals.yaml:goals[1].by: 'tomorrow' is not a date") })
            #expect(
                lines.contains(
                    "t/goals.yaml:goals[2].scope: is missing (use a subscription id or display name, "
                        + "a management group, tenant, {team: NAME} or {control: KEY})"
                ))
            #expect(lines.contains("t/goals.yaml:goals[2]: has two targets: keep either secureScore or unhealthy"))
            #expect(lines.count == 11, "\(lines)")
        }
    }

    @Test func hostileShapesEndInErrorsNotTraps() {
        for text in [
            "", "goals: 3", "[1, 2]", "goals:\n  - 7\n", "goals: [{name: [1], scope: {}, secureScore: {a: 1}, by: []}]",
            "goals:\n  - {name: x, scope: tenant, secureScore: 1e400%, by: 99999-01-01}\n", "{{{",
        ] {
            #expect(throws: GoalsError.self, "\(text)") { try GoalFile.parse(text, file: "g.yaml") }
        }
    }

    /// Scopes that name nothing in the tenant: unknown subscription, team, control.
    @Test(arguments: Backend.all) func scopesAreResolvedAgainstTheTenant(_ backend: Backend) throws {
        let goals = try GoalFile.parse(
            """
            goals:
              - {name: a, scope: contoso-corp-dev, secureScore: 50%, by: 2026-12-31}
              - {name: b, scope: contoso-landingzones, secureScore: 50%, by: 2026-12-31}
              - {name: c, scope: /subscriptions/00000000-0000-0000-0000-000000000000, secureScore: 50%, by: 2026-12-31}
              - {name: d, scope: {team: Platform}, secureScore: 50%, by: 2026-12-31}
              - {name: e, scope: {control: nope}, secureScore: 50%, by: 2026-12-31}
            """, file: "goals.yaml")
        let model = try ScoreModel(
            store: DemoHistory.store(backend), version: DemoHistory.store(backend).tenantVersions().last?.version)
        do {
            _ = try GoalResolver(model: model).resolve(goals, file: "goals.yaml")
            Issue.record("unknown scopes must be refused")
        } catch {
            #expect(error.lines.count == 3, "\(error.lines)")
            #expect(
                error.lines[0].hasPrefix(
                    "goals.yaml:goals[2].scope: '/subscriptions/00000000-0000-0000-0000-000000000000' "
                        + "is no subscription"
                ))
            #expect(error.lines[1].hasPrefix("goals.yaml:goals[3].scope.team: unknown team 'Platform'"))
            #expect(error.lines[2].hasPrefix("goals.yaml:goals[4].scope.control: unknown secure score control 'nope'"))
        }
        let resolved = try GoalResolver(model: model).resolve(Array(goals.prefix(2)), file: "goals.yaml")
        #expect(resolved[0].coverage == .subscriptions(["ae354339-4fc6-4e07-97c1-83500eb29e30"]))
        // The landing-zones management group holds the corp subscriptions, not the platform one.
        guard case .subscriptions(let subs) = resolved[1].coverage else {
            Issue.record("not subscriptions")
            return
        }
        #expect(
            subs.contains("ae354339-4fc6-4e07-97c1-83500eb29e30")
                && subs.contains("6ea3e8ee-a5a0-49aa-8fc6-2f3ef9a3ce71"))
        #expect(!subs.contains("6f785871-4461-4118-8534-25ff2c2061fb"))
    }
}
